"""A PostgreSQL primary, its streaming replica and a PgBouncer in front of each, on loopback ports.

Debian's own engines (postgresql, pgbouncer), for the tests of the replicas (tests/cluster/) and
for trying the topology of docs/scaling.md on one machine:

    python deploy/cluster/postgres.py up DIR        # prints the environment for the app
    python deploy/cluster/postgres.py stop primary|replica DIR
    python deploy/cluster/postgres.py start primary|replica DIR
    python deploy/cluster/postgres.py promote DIR   # the replica becomes the primary (and
                                                    # the primary's PgBouncer points to it)
    python deploy/cluster/postgres.py down DIR

Ports from BASE (default 55430): primary BASE, replica BASE+1, their PgBouncers BASE+2 and
BASE+3 (transaction mode, as in production). As root the servers run as the `postgres` user,
which PostgreSQL and PgBouncer require; DIR must then be a directory that user may enter.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

DATABASE = "portal"


def _bin_dir():
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not found:
        raise SystemExit("Debian's PostgreSQL server is not installed (apt-get install postgresql).")
    return found[-1].parent


def available():
    """Whether this machine has the engines (PostgreSQL's server programs and PgBouncer)."""
    return bool(list(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))) and shutil.which("pgbouncer") is not None


class Cluster:
    def __init__(self, root, base_port=55430):
        self.root = Path(root).resolve()
        self.ports = {"primary": base_port, "replica": base_port + 1}
        self.bouncer_ports = {"primary": base_port + 2, "replica": base_port + 3}
        self.bin = _bin_dir()

    # -- As the server's user ------------------------------------------------------------------

    def _as_server_user(self, command, **kwargs):
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)

    def data(self, name):
        return self.root / name

    def environment(self):
        """What the app needs to use this cluster: the primary's and the replica's PgBouncers."""
        return {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.bouncer_ports['primary']}/{DATABASE}",
            "DATABASE_REPLICA_HOSTS": f"127.0.0.1:{self.bouncer_ports['replica']}",
            "DB_PREPARED_STATEMENTS": "false",  # PgBouncer's transaction mode cannot keep them
        }

    def direct_url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.ports[name]}/{DATABASE}"

    # -- Up and down ----------------------------------------------------------------------------

    def up(self):
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
        primary = self.data("primary")
        if not primary.exists():
            self._as_server_user([str(self.bin / "initdb"), "-D", str(primary), "-U", "postgres", "-A", "trust"])
            with open(primary / "postgresql.conf", "a") as conf:
                conf.write(self._conf("primary"))
            with open(primary / "pg_hba.conf", "a") as hba:
                hba.write("host replication all 127.0.0.1/32 trust\n")
        self.start("primary")
        self._create_database()
        replica = self.data("replica")
        if not replica.exists():
            self._as_server_user(
                [str(self.bin / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.ports["primary"]), "-U", "postgres"]
                + ["-D", str(replica), "-R", "-X", "stream", "-c", "fast"]
            )
            with open(replica / "postgresql.conf", "a") as conf:
                conf.write(self._conf("replica"))
        self.start("replica")
        for name in ("primary", "replica"):
            self._bouncer(name)
        return self.environment()

    def _conf(self, name):
        # UTC: Django then sets no time zone per connection, which PgBouncer's transaction mode
        # could hand to another client.
        return (
            f"\nport = {self.ports[name]}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n"
            "wal_level = replica\nmax_wal_senders = 5\nhot_standby = on\ntimezone = 'UTC'\n"
            "fsync = off\nsynchronous_commit = on\n"
        )

    def running(self, name):
        status = [str(self.bin / "pg_ctl"), "-D", str(self.data(name)), "status"]
        if os.geteuid() == 0:
            status = ["runuser", "-u", "postgres", "--", *status]
        return subprocess.run(status, capture_output=True).returncode == 0

    def start(self, name):
        data = self.data(name)
        if self.running(name):
            return
        self._as_server_user([str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(data / "server.log"), "-w", "start"])
        if self._bouncer_alive(self.root / f"pgbouncer-{name}"):
            self._wait_for_bouncer(name)

    def _wait_for_bouncer(self, name):
        """Until a query goes through the server's PgBouncer: after a failed login it waits
        server_login_retry before it tries the server again."""
        psql = [str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.bouncer_ports[name]), "-U", "postgres"]
        for _ in range(50):
            done = subprocess.run([*psql, "-d", DATABASE, "-qAtc", "SELECT 1"], capture_output=True, text=True)
            if done.stdout.strip() == "1":
                return
            time.sleep(0.1)
        raise RuntimeError(f"the {name}'s PgBouncer does not reach it")

    def stop(self, name):
        data = self.data(name)
        if self.running(name):
            self._as_server_user([str(self.bin / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])

    def promote(self):
        """The replica becomes the primary, and the primary's PgBouncer sends the writes to it
        (the app keeps its addresses). The old primary must not be started again as it is."""
        self._as_server_user([str(self.bin / "pg_ctl"), "-D", str(self.data("replica")), "-w", "promote"])
        self._bouncer("primary", server="replica")
        pid = int((self.root / "pgbouncer-primary" / "pgbouncer.pid").read_text().strip())
        os.kill(pid, signal.SIGHUP)  # PgBouncer reloads its configuration
        time.sleep(0.3)

    def _create_database(self):
        psql = [str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.ports["primary"]), "-U", "postgres", "-qAt"]
        exists = self._as_server_user([*psql, "-c", f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"])
        if exists.stdout.strip() != "1":
            self._as_server_user([*psql, "-c", f"CREATE DATABASE {DATABASE}"])

    def _bouncer(self, name, server=None):
        folder = self.root / f"pgbouncer-{name}"
        folder.mkdir(exist_ok=True)
        (folder / "userlist.txt").write_text('"postgres" ""\n')
        (folder / "pgbouncer.ini").write_text(
            "[databases]\n"
            f"{DATABASE} = host=127.0.0.1 port={self.ports[server or name]} dbname={DATABASE}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {self.bouncer_ports[name]}\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {folder / 'userlist.txt'}\npool_mode = transaction\n"
            f"logfile = {folder / 'pgbouncer.log'}\npidfile = {folder / 'pgbouncer.pid'}\n"
            "max_client_conn = 200\ndefault_pool_size = 20\nserver_connect_timeout = 3\n"
            "server_login_retry = 1\nquery_wait_timeout = 2\nignore_startup_parameters = extra_float_digits,options\n"
        )
        if os.geteuid() == 0:
            for path in folder.iterdir():
                shutil.chown(path, "postgres")
            shutil.chown(folder, "postgres")
        if not self._bouncer_alive(folder):
            self._as_server_user(["pgbouncer", "-d", str(folder / "pgbouncer.ini")])
            for _ in range(50):
                if self._bouncer_alive(folder):
                    break
                time.sleep(0.1)

    @staticmethod
    def _bouncer_alive(folder):
        pidfile = folder / "pgbouncer.pid"
        try:
            os.kill(int(pidfile.read_text().strip()), 0)
        except (OSError, ValueError):
            return False
        return True

    def down(self):
        for name in ("primary", "replica"):
            folder = self.root / f"pgbouncer-{name}"
            if self._bouncer_alive(folder):
                pid = int((folder / "pgbouncer.pid").read_text().strip())
                os.kill(pid, 15)
                for _ in range(50):
                    if not self._bouncer_alive(folder):
                        break
                    time.sleep(0.1)
            self.stop(name)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["up", "down", "start", "stop", "promote"])
    parser.add_argument("server", nargs="?", choices=["primary", "replica"])
    parser.add_argument("dir")
    parser.add_argument("--base-port", type=int, default=int(os.environ.get("CLUSTER_BASE_PORT", 55430)))
    args = parser.parse_args(argv)
    cluster = Cluster(args.dir, args.base_port)
    if args.action in ("start", "stop") and not args.server:
        parser.error(f"{args.action} needs primary or replica")
    if args.action == "up":
        for key, value in cluster.up().items():
            print(f"export {key}={value}")
    elif args.action == "down":
        cluster.down()
    elif args.action == "promote":
        cluster.promote()
    else:
        getattr(cluster, args.action)(args.server)


if __name__ == "__main__":
    sys.exit(main())
