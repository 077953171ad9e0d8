"""Querysets compiled to SQL once per process, then run again with fresh values.

Building and compiling a queryset costs Django more than the database takes to run it: the
home page's three queries took 6.1 ms to build and compile and 1.3 ms to run (10,000
articles, bench database). The hot reader queries are therefore compiled once per database
connection object; each run puts the current values of their placeholders into the
parameters (e.g. the time that decides what is published). The SQL is the ORM's own, so it
cannot drift from the queryset it is built from (tests/test_prepared.py compares the rows).
"""

from datetime import UTC, datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections

# A value no real parameter has: its place in the compiled parameters is found by equality.
SENTINEL_TIME = datetime(2001, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)
SENTINEL_ID = -2_000_000_011


class PreparedQuery:
    """build(**placeholders) returns a values()/values_list() queryset; rows(**values) runs
    its SQL with those placeholders replaced, as a list of tuples (converted as Django would)."""

    _MAX_CONNECTIONS = 64  # compiled forms kept, one per connection object (i.e. per thread)

    def __init__(self, build, **placeholders):
        self.build = build
        self.placeholders = placeholders
        self._compiled = {}

    def rows(self, using=DEFAULT_DB_ALIAS, **values):
        connection = connections[using]
        compiled = self._compiled.get(id(connection))
        if compiled is None or compiled[0] is not connection:
            if len(self._compiled) >= self._MAX_CONNECTIONS:
                self._compiled.clear()
            compiled = self._compiled[id(connection)] = self._compile(connection, using)
        _, sql, params, slots, compiler, converters = compiled
        params = list(params)
        for index, name, adapt in slots:
            params[index] = adapt(values[name])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [tuple(row) for row in compiler.apply_converters(rows, converters)] if converters else rows

    def _compile(self, connection, using):
        compiler = self.build(**self.placeholders).query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots = []
        for name, sentinel in self.placeholders.items():
            forms = [(sentinel, _same)]
            if isinstance(sentinel, datetime):  # SQLite gets datetimes as text
                adapt = connection.ops.adapt_datetimefield_value
                forms.append((adapt(sentinel), adapt))
            found = [(i, name, convert) for i, value in enumerate(params) for form, convert in forms if value == form]
            if not found:
                raise ImproperlyConfigured(f"Placeholder {name!r} is not among the parameters of the compiled query.")
            slots += found
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        return connection, sql, tuple(params), slots, compiler, compiler.get_converters(fields)


def _same(value):
    return value
