"""The development database (portal/local_postgres.py): started for a command, shared, stopped
by the last holder, adopted after a killed run, never left half-made."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest

from portal import local_postgres

BASE_DIR = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def var(tmp_path, monkeypatch):
    """A var/ of its own and a free port, so a developer's own server is never touched."""
    monkeypatch.setenv("EMBEDDED_POSTGRES_PORT", str(free_port()))
    yield tmp_path
    with local_postgres._locked(tmp_path) as state:
        state["holders"].clear()
        local_postgres.stop(tmp_path)


def running(var):
    return local_postgres._postmaster(Path(var) / "postgres") is not None


def test_a_run_gives_its_command_a_database_with_the_search_extensions_then_stops_it(var):
    """The command sees DATABASE_URL, can create unaccent and pg_trgm, and the server is gone after."""
    script = (
        "import os, psycopg2; c = psycopg2.connect(os.environ['DATABASE_URL']); c.autocommit = True;"
        "k = c.cursor(); k.execute('CREATE EXTENSION IF NOT EXISTS unaccent');"
        "k.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm'); k.execute(\"SELECT unaccent('Đại hội')\");"
        "print(k.fetchone()[0]); k.execute('SHOW server_version_num'); print(k.fetchone()[0])"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "portal.local_postgres",
            "--var-dir",
            str(var),
            "run",
            "--",
            sys.executable,
            "-c",
            script,
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    unaccented, version = done.stdout.splitlines()[-2:]
    assert unaccented == "Dai hoi"
    assert int(version) >= 150000
    assert not running(var)


def test_a_killed_holder_is_dropped_and_the_next_one_adopts_and_stops_the_server(var):
    """A run killed with SIGKILL leaves the server up; the next holder adopts it and, leaving last, stops it."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    holder = subprocess.Popen(
        [sys.executable, "-m", "portal.local_postgres", "--var-dir", str(var), "run", "--", "sleep", "60"],
        cwd=BASE_DIR,
        env=env,
    )
    deadline = time.monotonic() + 60
    while not running(var):
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert running(var), "a killed run leaves the server as it was"
    url = local_postgres.acquire(var)
    psycopg2.connect(url).close()
    local_postgres.release(var)
    assert not running(var), "the last holder alive stops the server"


def test_a_half_made_data_directory_does_not_break_the_next_start(var):
    """An initdb killed half-way left its temporary directory: the next start makes a whole one."""
    (var / "postgres.init-4242").mkdir()
    (var / "postgres.init-4242" / "PG_VERSION").write_text("18\n")
    url = local_postgres.acquire(var)
    try:
        psycopg2.connect(url).close()
        assert not (var / "postgres.init-4242").exists()
    finally:
        local_postgres.release(var)
