"""Django's database cache, treating an unreachable database as an empty cache.

The cache without Redis, and Redis's stand-in while Redis is unreachable: a table of the
project's PostgreSQL that every worker and server shares. When the database itself is away,
a cache call must not turn the reader's answer into a 500: it answers as an empty cache, and
the page's own query then gives the Vietnamese 503 (portal/errors.py).
"""

import functools
import logging

from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connections, router

logger = logging.getLogger(__name__)


def _resilient(default):
    def decorate(method):
        @functools.wraps(method)
        def wrapped(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except DatabaseError as exc:
                logger.warning("Database cache unusable (%s): answering as an empty cache.", exc)
                connection = connections[router.db_for_read(self.cache_model_class)]
                if not connection.in_atomic_block:  # a transaction's own error is its caller's
                    connection.close_if_unusable_or_obsolete()
                else:
                    raise
                return default() if callable(default) else default

        return wrapped

    return decorate


class ResilientDatabaseCache(DatabaseCache):
    get_many = _resilient(dict)(DatabaseCache.get_many)
    set = _resilient(None)(DatabaseCache.set)
    set_many = _resilient(list)(DatabaseCache.set_many)
    add = _resilient(False)(DatabaseCache.add)
    touch = _resilient(False)(DatabaseCache.touch)
    delete = _resilient(False)(DatabaseCache.delete)
    delete_many = _resilient(None)(DatabaseCache.delete_many)
    has_key = _resilient(False)(DatabaseCache.has_key)
    incr = _resilient(None)(DatabaseCache.incr)
    clear = _resilient(None)(DatabaseCache.clear)

    def get(self, key, default=None, version=None):
        return self.get_many([key], version=version).get(key, default)
