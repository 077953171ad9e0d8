"""The PostgreSQL backend's health check (portal/postgresql): skipped for a connection in use,
and a restarted database is still survived."""

import psycopg2
import pytest
from django.db import OperationalError, connection

from portal.postgresql.base import DatabaseWrapper

pytestmark = pytest.mark.django_db(transaction=True)


def serve():
    """What one request does with the connection: Django's checks as it starts and ends, one query."""
    connection.close_if_unusable_or_obsolete()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 42")
            return cursor.fetchone()[0]
    finally:
        connection.close_if_unusable_or_obsolete()


def restart_database_session():
    """End this connection's server process, as a database restart would."""
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg2.connect(**params) as other, other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()


@pytest.fixture
def checks(monkeypatch):
    calls = []
    original = connection.is_usable

    def counted():
        calls.append(1)
        return original()

    monkeypatch.setattr(connection, "is_usable", counted)
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    connection.close()
    return calls


def test_a_connection_that_just_answered_is_not_checked_again(checks):
    assert serve() == 42  # a new connection: no check needed
    assert serve() == 42
    assert serve() == 42
    assert checks == []


def test_an_idle_connection_is_checked_and_a_restarted_database_costs_no_error(checks, monkeypatch):
    assert serve() == 42
    monkeypatch.setattr(DatabaseWrapper, "HEALTHY_FOR", 0.0)  # idle for longer than that
    restart_database_session()
    assert serve() == 42  # the check found the dead connection and Django opened a new one
    assert len(checks) == 1


def test_a_restart_within_the_second_costs_one_request(checks):
    assert serve() == 42
    restart_database_session()
    with pytest.raises(OperationalError):
        serve()  # the reader gets the 503 page (tests/pagecache/test_faults.py)
    assert serve() == 42  # Django closed the broken connection; this one reconnects
