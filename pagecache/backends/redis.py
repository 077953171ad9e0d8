"""The Redis cache backend: Django's RedisCache, made cheaper per call and resilient.

- One redis.Redis client per connection pool, and the page cache's MGET and the view counter's
  scripts on a connection of the client's own: redis-py's client layer costs more than the round
  trip for a cached page.
- The read-ahead (middleware.ReadAheadMiddleware): the keys a page read last time, fetched with
  the request's first round trip.
- A circuit breaker: the first failed call opens it, and while it is open no reader waits on
  Redis. The process's calls go to the fallback cache (OPTIONS["FALLBACK"], the alias of
  another cache in settings.CACHES: the database's, shared by every worker) or, without one,
  get the answers of an empty cache. One thread per process probes Redis every RETRY_AFTER
  seconds, with the connect timeout; when Redis answers, the `switched` signal lets the page
  cache invalidate what Redis kept from before the outage, and the breaker closes.
  Every page can be made from the database, so an outage slows the site down at most.
"""

import functools
import hashlib
import logging
import threading
import time

import redis
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.dispatch import Signal

logger = logging.getLogger(__name__)

# Sent when a process stops or starts using a Redis location, with `cache`: the backend now
# used (the fallback, or Redis itself, before the breaker closes; None: no cache at all).
# Stored pages of the other side may be stale: the receivers invalidate them (pagecache/apps.py).
switched = Signal()


def _resilient(default):
    """Run a cache operation; if Redis cannot be reached, answer `default` instead of failing.

    After a failure the breaker is open: the fallback cache answers instead, if there is one,
    until the probe finds Redis again (_Breaker).
    """

    def decorate(method):
        @functools.wraps(method)
        def wrapped(self, *args, **kwargs):
            if not self.is_down():
                try:
                    return method(self, *args, **kwargs)
                except redis.exceptions.RedisError as exc:
                    self.went_down(exc)
            fallback = self.fallback()
            if fallback is not None:
                return getattr(fallback, method.__name__)(*args, **kwargs)
            return default() if callable(default) else default

        return wrapped

    return decorate


def _writing(method):
    """A cache write: nothing is answered from the read-ahead any more in this request (it is
    rare once the cache is warm, and simpler to get right than tracking each key's version)."""

    @functools.wraps(method)
    def wrapped(self, *args, **kwargs):
        self._ahead = self._wanted = None
        return method(self, *args, **kwargs)

    return wrapped


class _ReusedClient(RedisCacheClient):
    """Django's client builds a new redis.Redis object for every operation, with its table of
    ~170 response callbacks: a third of the cost of serving a cached page. One per connection
    pool is enough (redis.Redis is thread-safe)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._reader = self._writer = None

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def get_many(self, keys):
        """MGET on a connection of this client's own: the page cache does one on every request,
        and redis-py's client layer (pool checkout, retries, events, metrics) costs more than
        the round trip."""

        loads = self._serializer.loads
        return {k: loads(v) for k, v in zip(keys, self.get_many_raw(keys), strict=True) if v is not None}

    def get_many_raw(self, keys):
        """The stored bytes of each key (None where absent), not yet unpickled."""

        def mget(connection):
            connection.send_packed_command([_resp("MGET", *keys)])
            return connection.read_response()

        return self._on_own_connection(False, mget)

    def run_script(self, script, keys, args, read=()):
        """EVALSHA of a LuaScript on a connection of this client's own, to the primary (the view
        counter runs one per article view); the script is sent whole once if Redis does not
        know it yet. With `read` (keys), an MGET of them goes in the same round trip.

        Returns (the script's result, the stored bytes of each key read).
        """

        def evaluate(connection):
            commands = [_resp("MGET", *read)] if read else []
            commands.append(_resp("EVALSHA", script.sha, len(keys), *keys, *args))
            connection.send_packed_command(commands)
            found = connection.read_response() if read else []
            try:
                return connection.read_response(), found
            except redis.exceptions.NoScriptError:
                connection.send_packed_command([_resp("EVAL", script.source, len(keys), *keys, *args)])
                return connection.read_response(), found

        return self._on_own_connection(True, evaluate)

    def drop_connections(self):
        """Disconnect every connection this client holds (they are reopened when next used)."""
        for attribute in ("_reader", "_writer"):
            connection = getattr(self, attribute)
            setattr(self, attribute, None)
            if connection is not None:
                connection.disconnect()
        for pool in self._pools.values():
            pool.disconnect()

    def _on_own_connection(self, write, command):
        """command(connection) on this client's own connection to a reader or to the primary.

        Django makes one cache client per thread, so the connection is never shared; after any
        error it is dropped and the next call opens a new one.
        """
        attribute = "_writer" if write else "_reader"
        connection = getattr(self, attribute)
        if connection is None:
            pool = self._get_connection_pool(write)
            connection = pool.connection_class(**pool.connection_kwargs)
            setattr(self, attribute, connection)
        try:
            return command(connection)
        except BaseException:
            setattr(self, attribute, None)
            connection.disconnect()
            raise


def _resp(*args):
    """A command in Redis's wire format: redis-py's general encoder costs more than the round
    trip for the dozen short strings and numbers of a script call or of a page's MGET."""
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg if isinstance(arg, bytes) else str(arg).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


class LuaScript:
    """A Lua script for ResilientRedisCache.run_script()."""

    def __init__(self, source):
        self.source = source
        self.sha = hashlib.sha1(source.encode()).hexdigest()


class _Breaker:
    """Whether a process may call one Redis location now; shared by the threads of the process."""

    def __init__(self, backend):
        self.open = False
        self.epoch = 0  # moves on each time the breaker closes: connections from before are dead
        self.lock = threading.Lock()
        self.backend = backend  # a backend object of the probe's own, for its thread alone

    def trip(self, exc, fallback):
        with self.lock:
            if self.open:
                return
            self.open = True
        logger.warning(
            "Redis unreachable (%s): serving from %s.", exc, "the fallback cache" if fallback else "no cache"
        )
        switched.send(ResilientRedisCache, cache=fallback)
        threading.Thread(target=self.probe, name="redis-probe", daemon=True).start()

    def probe(self):
        backend = self.backend
        while True:
            time.sleep(backend.RETRY_AFTER)
            try:
                backend._cache.get_client().ping()
                # Invalidate what Redis kept from before the outage, on Redis itself, before
                # any reader of this process reads from it again.
                switched.send(ResilientRedisCache, cache=_Direct(backend))
            except redis.exceptions.RedisError:
                continue
            except Exception:
                logger.exception("Probing Redis failed")
                continue
            self.epoch += 1
            self.open = False
            logger.warning("Redis reachable again: serving from it.")
            return


class _Direct:
    """The Redis calls a `switched` receiver makes, past the breaker."""

    def __init__(self, backend):
        self.backend = backend

    def __getattr__(self, name):
        return functools.partial(getattr(RedisCache, name), self.backend)


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, cheaper per call, with a circuit breaker and a fallback cache.

    incr() answers None while neither Redis nor a fallback can take it.
    """

    RETRY_AFTER = 2.0
    # Per Redis location (and key prefix), shared by the threads of the process.
    breakers = {}

    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS") or {})}
        self._fallback_alias = params["OPTIONS"].pop("FALLBACK", None)
        super().__init__(server, params)
        self._class = _ReusedClient
        self._location = ",".join(self._servers)
        self._params = params
        self._server = server
        self._epoch = 0

    def breaker(self):
        found = self.breakers.get(self._location)
        if found is None:
            found = self.breakers.setdefault(self._location, _Breaker(type(self)(self._server, self._params)))
        return found

    def is_down(self):
        breaker = self.breaker()
        if breaker.open:
            return True
        if self._epoch != breaker.epoch:  # back from an outage: its connections are dead
            self._epoch = breaker.epoch
            self._cache.drop_connections()
        return False

    def fallback(self):
        """The cache that answers while Redis is unreachable, or None."""
        return caches[self._fallback_alias] if self._fallback_alias else None

    def validate_key(self, key):
        """Nothing to check: Redis takes any key. (Django's check, for memcached's rules, looks at
        every character of every key: a dozen keys a page.)"""

    def went_down(self, exc):
        self.breaker().trip(exc, self.fallback())

    # -- Read-ahead: one round trip for the keys a page read last time (see ReadAheadMiddleware).
    # Django makes one cache object per thread, so these belong to the request being served.
    _wanted = None  # made keys to read ahead, not fetched yet
    _ahead = None  # made key -> stored bytes (None: absent), read at the request's first read
    _used = None  # made keys read during the request, in order

    def begin_reading(self, keys):
        """Start a request: `keys` (made keys) are fetched in one MGET, with the request's first
        round trip to Redis (a read, or a script: an article's view count), and what it reads
        is recorded."""
        self._used = []
        self._ahead = None
        self._wanted = keys or None

    def end_reading(self):
        """End a request: the made keys it read, in order (None if begin_reading() was not called)."""
        used, self._ahead, self._wanted, self._used = self._used, None, None, None
        return used

    def _read_ahead(self, found):
        """Keep the stored bytes `found` of the keys begin_reading() asked for."""
        wanted, self._wanted = self._wanted, None
        self._ahead = dict(zip(wanted, found, strict=True))

    def run_script(self, script, keys, args):
        """Run a LuaScript on the primary (keys made by the caller) and return its result; the
        read-ahead, if no read has fetched it yet, goes in the same round trip. Redis errors are
        the caller's to handle (the view buffer's)."""
        wanted = self._wanted if not self.is_down() else None
        result, found = self._cache.run_script(script, keys, args, read=wanted or ())
        if wanted:
            self._read_ahead(found)
        return result

    def _made(self, keys, version):
        made = [self.make_and_validate_key(key, version=version) for key in keys]
        if self._used is not None:
            self._used += made
        return made

    def get_many(self, keys, version=None):
        keys = list(keys)
        if self.is_down():
            fallback = self.fallback()
            return fallback.get_many(keys, version=version) if fallback is not None else {}
        made = self._made(keys, version)
        if self._wanted and not self.is_down():
            try:
                self._read_ahead(self._cache.get_many_raw(self._wanted))
            except redis.exceptions.RedisError as exc:
                self._wanted = None
                self.went_down(exc)
        found, wanted = {}, made
        if self._ahead:
            wanted = []
            for key in made:
                if key not in self._ahead:
                    wanted.append(key)
                elif (stored := self._ahead[key]) is not None:
                    found[key] = self._cache._serializer.loads(stored)  # a new object for each read
        if wanted and not self.is_down():
            try:
                # On the client's own connection (_ReusedClient.get_many): redis-py's client
                # layer for a GET costs more than the round trip.
                found.update(self._cache.get_many(wanted))
            except redis.exceptions.RedisError as exc:
                self.went_down(exc)
        return {key: found[made_key] for key, made_key in zip(keys, made, strict=True) if made_key in found}

    def get(self, key, default=None, version=None):  # the caller's default, not a fixed one
        return self.get_many([key], version=version).get(key, default)

    add = _writing(_resilient(False)(RedisCache.add))
    set = _writing(_resilient(None)(RedisCache.set))
    touch = _writing(_resilient(False)(RedisCache.touch))
    delete = _writing(_resilient(False)(RedisCache.delete))
    has_key = _resilient(False)(RedisCache.has_key)
    incr = _writing(_resilient(None)(RedisCache.incr))
    set_many = _writing(_resilient(list)(RedisCache.set_many))
    delete_many = _writing(_resilient(None)(RedisCache.delete_many))
    clear = _writing(_resilient(None)(RedisCache.clear))
