"""pytest plugin: with DATABASE_URL unset, the tests run on this checkout's own PostgreSQL server.

`make test` starts it around pytest already (portal/local_postgres.py); this lets a plain
`pytest` (one file, one test) do the same: the server is started or adopted for the session and
released at its end.
"""

import os

from portal import local_postgres

_held = False


def pytest_configure(config):
    global _held
    if os.environ.get("DATABASE_URL") or hasattr(config, "workerinput"):
        return
    try:
        os.environ["DATABASE_URL"] = local_postgres.acquire()
    except local_postgres.Error as exc:
        raise SystemExit(f"The tests need PostgreSQL: {exc}") from exc
    _held = True


def pytest_unconfigure(config):
    global _held
    if _held:
        local_postgres.release()
        _held = False
