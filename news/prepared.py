"""Querysets compiled to SQL once per process, then run again with fresh values.

Building and compiling a queryset costs Django more than the database takes to run it: the
home page's three queries took 6.1 ms to build and compile and 1.3 ms to run (10,000
articles, bench database). The hot reader queries are therefore compiled once per database
connection object; each run puts the current values of their placeholders into the
parameters (e.g. the time that decides what is published). The SQL is the ORM's own, so it
cannot drift from the queryset it is built from (tests/news/test_prepared.py compares the rows).

On PostgreSQL the SQL is also prepared on the server (PREPARE, then EXECUTE with the values):
psycopg2 sends every query as text, which PostgreSQL parses and plans each time; for the
article page's query, planning took 0.21 ms and running it 0.09 ms. A prepared statement
lives as long as its database connection, so it is prepared again on a new connection. A
pooler that shares server connections between clients per transaction (PgBouncer's
transaction mode) would lose them: set DB_PREPARED_STATEMENTS=false behind one. PostgreSQL
types a prepared statement's parameters from where they are used: one that is only a value in
the SELECT list (e.g. Value(True)) has no type and comes back as text unless it is Cast.
"""

import itertools
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router

# A value no real parameter has: its place in the compiled parameters is found by equality.
SENTINEL_TIME = datetime(2001, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)
SENTINEL_ID = -2_000_000_011
SENTINEL_TEXT = "\x1fportal-placeholder\x1f"


class PreparedQuery:
    """build(**placeholders) returns a values()/values_list() queryset; rows(**values) runs
    its SQL with those placeholders replaced, as a list of tuples (converted as Django would)."""

    _MAX_CONNECTIONS = 64  # compiled forms kept, one per connection object (i.e. per thread)

    def __init__(self, build, **placeholders):
        self.build = build
        self.placeholders = placeholders
        self._compiled = {}

    def rows(self, using=None, **values):
        # The database the router reads from (a replica for a reader's page, where there are some).
        connection = connections[using or router.db_for_read(None)]
        using = connection.alias
        compiled = self._compiled.get(id(connection))
        if compiled is None or compiled.connection is not connection:
            if len(self._compiled) >= self._MAX_CONNECTIONS:
                self._compiled.clear()
            compiled = self._compiled[id(connection)] = _Compiled(connection, self, using)
        params = list(compiled.params)
        for index, name, adapt in compiled.slots:
            params[index] = adapt(values[name])
        with connection.cursor() as cursor:
            cursor.execute(compiled.statement(), params)
            rows = cursor.fetchall()
        if compiled.converters:
            return [tuple(row) for row in compiled.compiler.apply_converters(rows, compiled.converters)]
        return rows


_names = itertools.count(1)


class _Compiled:
    """A PreparedQuery's SQL for one database connection object (thread)."""

    def __init__(self, connection, query, using):
        self.connection = connection
        self.compiler = query.build(**query.placeholders).query.get_compiler(using=using)
        self.sql, params = self.compiler.as_sql()
        self.params = tuple(params)
        self.slots = _slots(connection, query.placeholders, params)
        fields = [column[0] for column in self.compiler.select[: self.compiler.col_count]]
        self.converters = self.compiler.get_converters(fields)
        self.server_side = settings.PORTAL_DB_PREPARED_STATEMENTS
        if self.server_side:
            # A new name for each compiled form: never one a connection has already prepared.
            self.name = f"portal_q{next(_names)}"
            self.execute = (
                f"EXECUTE {self.name} ({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {self.name}"
            )
            self.prepared_on = None  # the psycopg2 connection it was prepared on

    def statement(self):
        """The SQL to run with the parameters: on PostgreSQL, EXECUTE of the prepared statement."""
        if not self.server_side:
            return self.sql
        self.connection.ensure_connection()
        raw = self.connection.connection
        if self.prepared_on is not raw:  # a new connection (first use, or reconnected)
            # On psycopg2's own cursor: not a query of the page (query counts, debug logs).
            with raw.cursor() as cursor:
                cursor.execute(f"PREPARE {self.name} AS {_numbered(self.sql)}")
            self.prepared_on = raw
        return self.execute


def _numbered(sql):
    """psycopg2's %s placeholders as PostgreSQL's $1, $2… (and %% as %)."""
    pieces = sql.split("%%")
    count = itertools.count(1)
    out = []
    for piece in pieces:
        parts = piece.split("%s")
        out.append("".join(part if i == 0 else f"${next(count)}{part}" for i, part in enumerate(parts)))
    return "%".join(out)


def _slots(connection, placeholders, params):
    """(index in params, placeholder name, adapt) for every parameter that is a placeholder."""
    slots = []
    for name, sentinel in placeholders.items():
        forms = [(sentinel, _same)]
        if isinstance(sentinel, datetime):  # as the backend adapts it for the query, too
            adapt = connection.ops.adapt_datetimefield_value
            forms.append((adapt(sentinel), adapt))
        found = [(i, name, convert) for i, value in enumerate(params) for form, convert in forms if value == form]
        if not found:
            raise ImproperlyConfigured(f"Placeholder {name!r} is not among the parameters of the compiled query.")
        slots += found
    return slots


def _same(value):
    return value
