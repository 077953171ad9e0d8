"""Whole pages for anonymous readers, kept in the shared cache (Redis), and the cache backend.

A news spike is thousands of readers asking for the same few pages. They are served from
the cache before Django handles the request (PageCacheApplication, the WSGI door): one Redis
round trip, plus the view-count statement for an article page.

Freshness, without a purge list:
- a content *generation* number lives in the cache; pages_changed() bumps it whenever an
  editor saves or deletes something a page shows (news/signals.py connects it to the models
  in settings.PORTAL_PAGE_CACHE_MODELS). Each stored page records its generation; a page of an
  older generation is a miss, so every page is fresh the moment an editor saves (a worker's
  one-second copy of a page it just served excepted, see _local below);
- a page never outlives the next scheduled publication, so a scheduled article appears on time;
- PORTAL_PAGE_CACHE_SECONDS bounds what changes without an edit (the "most read" box).

Exact view counts: an article page is stored with a marker where the view count goes and the
id of the article. On a hit the view is counted (one SQL statement, as the view would) and the
count that statement returned is written into the page, so a cached article page shows the
exact count, this view included, and no page is served with its view uncounted.

Who is served from the cache: GET/HEAD requests without a session or messages cookie (the
staff, after logging in, always see live pages), for responses of views marked with
@reader_page that set no cookie. Query strings: the parameters that select what a page shows
(`page`, `q`) are part of the key, trackers (fbclid, utm_*) are dropped, anything else bypasses.
"""

import collections
import functools
import hashlib
import logging
import math
import threading
import time
from http import HTTPStatus
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode

import redis
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.core.exceptions import MiddlewareNotUsed
from django.db import InterfaceError, OperationalError, transaction
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags
from django.utils.safestring import mark_safe

from .handlers import MATCH_KEY, reader_match
from .middleware import request_id_for

logger = logging.getLogger(__name__)

GENERATION_KEY = "portal:generation"
VIEW_COUNT_MARKER = mark_safe("<!--portal:view-count-->")
_MARKER_BYTES = VIEW_COUNT_MARKER.encode()


# -- Invalidation ----------------------------------------------------------------------------

_bump_pending = False


def content_changed(**kwargs):
    """Invalidate every cached page and every cached page fragment: call it whenever something
    readers see changes without going through a model in PORTAL_PAGE_CACHE_MODELS, e.g. after
    a queryset.update() in an admin action (which leaves updated_at, part of the fragments'
    keys, as it was).
    """
    from news.fragments import structure_changed  # not at import: news imports this module

    pages_changed()
    structure_changed()


def pages_changed(**kwargs):
    """Invalidate every cached page (not the fragments, keyed by what they show): the signal
    receiver for saves and deletes of the models in PORTAL_PAGE_CACHE_MODELS.

    It bumps now, and again when the current transaction commits: a page rendered between the
    two from the not yet committed data cannot outlive the commit.
    """
    _bump()
    transaction.on_commit(_bump)


def _bump():
    global _bump_pending
    try:
        done = cache.incr(GENERATION_KEY) is not None  # None: the resilient backend is down
    except ValueError:  # no generation yet (first use, or evicted): start a fresh one
        cache.add(GENERATION_KEY, _fresh_generation(), None)
        done = cache.get(GENERATION_KEY) is not None
    _local.clear()
    _memos.clear()
    # Redis unreachable: pages stored before the outage would survive it. Retry at the next
    # request this process serves (see PageCacheMiddleware); their TTL bounds them anyway.
    _bump_pending = not done
    if not done:
        logger.warning("Could not invalidate the page cache; will retry.")


def _fresh_generation():
    # Milliseconds: larger than any number an evicted generation key could have reached.
    return int(time.time() * 1000)


def current_generation():
    gen = cache.get(GENERATION_KEY)
    if gen is None:
        cache.add(GENERATION_KEY, _fresh_generation(), None)
        gen = cache.get(GENERATION_KEY)
    return gen


def next_publication(generation):
    """Unix time of the next scheduled publication (inf when none), cached per generation."""
    from news.models import Article  # not at import: news.views imports this module

    key = f"portal:next-publication:{generation}"
    when = cache.get(key)
    if when is None or when <= time.time():
        first = (
            Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        when = first.timestamp() if first else math.inf
        cache.set(key, when, settings.PORTAL_PAGE_CACHE_SECONDS)
    return when


# -- Marking views ---------------------------------------------------------------------------


class PageInfo:
    """What a view says about its response: it may be cached, and what it counts."""

    def __init__(self, article_id=None, template=None, views=0):
        self.article_id = article_id
        self.template = template
        self.views = views


def reader_page(view):
    """Mark a reader page: cacheable whole for anonymous readers, with an ETag, and served by
    the reader handler (portal/handlers.py) to a browser without a session.

    The browser is asked to revalidate every time (no-cache) and gets a 304 when the page is
    unchanged. Counted pages (see counted_page) get no ETag: every view must reach the server.
    The page varies with the cookies (an editor's session, a voter's), whether or not this
    render happened to read them.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ("Cookie",))
        if response.status_code != 200 or response.streaming:
            return response
        info = getattr(response, "page_info", None)
        if info is None:
            response.page_info = info = PageInfo()
        patch_cache_control(response, no_cache=True)
        if info.article_id is None and not response.has_header("ETag"):
            response["ETag"] = _etag(response.content)
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response

    wrapped.reader_page = True  # kept by functools.wraps in the decorators above it
    return wrapped


def counted_page(response, article_id, views):
    """Let the page cache count a view of `article_id` each time it serves this page.

    The response was rendered with VIEW_COUNT_MARKER where the count goes: the marked page is
    what gets cached, and the reader gets it with `views` filled in.
    """
    if response.status_code == 200:
        response.page_info = PageInfo(article_id=article_id, template=response.content, views=views)
        response.content = _fill(response.content, views)
    return response


def _fill(body, views):
    return body.replace(_MARKER_BYTES, str(views).encode(), 1)


def _etag(body):
    # SHA-1 (not for security): computed on each render of a 62 KB home page, it takes 29 µs
    # where MD5 took 70 µs on this machine's CPUs (SHA instructions).
    return f'"{hashlib.sha1(body, usedforsecurity=False).hexdigest()}"'


# -- Serving: one lookup, two doors ---------------------------------------------------------
#
# PageCacheApplication wraps the WSGI application (portal/wsgi.py): a hit is answered there,
# before Django builds a request, runs its signals and middleware; it costs one Redis round
# trip (plus the view-count statement for an article). PageCacheMiddleware, first in
# MIDDLEWARE, stores what Django renders, and serves hits itself where Django is entered
# without the WSGI wrapper (the test client, runserver). Both use the functions below, so a
# request has the same key and gets the same answer through either door.


class Entry(NamedTuple):
    generation: int
    expires: float
    status: int
    headers: dict  # ResponseHeaders._store: lower-cased name -> (name, value)
    body: bytes
    etag: str
    article_id: int | None
    views: int


# Part of every page key: pages stored by an older version of this module are never read.
ENTRY_FORMAT = 3
_STORED_HEADERS_EXCLUDED = {"content-length", "set-cookie", "x-page-cache", "x-request-id"}
_LOOKUP = "portal.page_cache"  # environ key: the WSGI door's lookup, reused by the middleware


def reader_url(environ):
    """The address of a reader's request (a WSGI environ) as the page cache keys it, or None
    when it must not use the cache (nor the reader handler, portal/handlers.py): not a GET or
    HEAD, a static file, a browser with a session or messages, an unknown query parameter."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    if path.startswith(_skipped_paths()):
        return None
    if "HTTP_COOKIE" in environ:
        cookies = parse_cookie(environ["HTTP_COOKIE"])
        if any(name in cookies for name in settings.PORTAL_PAGE_CACHE_BYPASS_COOKIES):
            return None
    query = ""
    if environ.get("QUERY_STRING"):
        kept = []
        wanted, ignored = settings.PORTAL_PAGE_CACHE_QUERY_PARAMS, settings.PORTAL_PAGE_CACHE_IGNORED_PARAMS
        for name, value in parse_qsl(environ["QUERY_STRING"], keep_blank_values=True):
            if name in wanted:
                kept.append((name, value))
            elif name not in ignored and not name.startswith("utm_"):
                return None
        query = urlencode(sorted(kept))
    # Host and scheme as sent: a page is only ever stored for a host Django accepted, and
    # for HTTPS when HTTPS is required, so anything else simply never hits.
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    return f"{_scheme(environ)}://{host}{path}?{query}"


def page_key(environ):
    """The cache key of a request (its WSGI environ), or None when it must not use the cache."""
    url = reader_url(environ)
    return None if url is None else _key(url)


def _key(url):
    return f"page:{ENTRY_FORMAT}:" + hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()


def _skipped_paths():
    # Never pages: no cache lookup for them.
    return tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL, "/healthz") if p.startswith("/"))


def _scheme(environ):
    """request.scheme, from the environ: the proxy's header when it is trusted."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = environ.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return environ.get("wsgi.url_scheme", "http")


def lookup(key):
    """(generation, the stored entry if it may be served now or None)."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if _bump_pending and generation is not None:
        _bump()
        generation = cache.get(GENERATION_KEY)
    entry = found.get(key)
    if entry is not None and entry.generation == generation and time.time() < entry.expires:
        return generation, entry
    return generation, None


class _Reader:
    """What is_countable_view() looks at, for a request that is still a WSGI environ."""

    def __init__(self, environ):
        self.method = environ.get("REQUEST_METHOD")
        self.META = environ


def answer(environ, entry):
    """(status, headers, body) for a hit, or None to let Django answer instead.

    Counts the view of an article page; None when the database cannot take it (Django then
    gives the 503) or the article is gone: a page is never served without its view counted.
    """
    body = entry.body
    if entry.article_id is not None:
        from news.services import is_countable_view, record_view

        if is_countable_view(_Reader(environ)):
            try:
                views = record_view(entry.article_id, fallback_count=entry.views)
            except (OperationalError, InterfaceError):
                return None
            if views is None:
                return None
        else:
            views = entry.views
        body = _fill(body, views)
    elif entry.etag and "HTTP_IF_NONE_MATCH" in environ:
        etags = parse_etags(environ["HTTP_IF_NONE_MATCH"])
        if "*" in etags or entry.etag.removeprefix("W/") in {e.removeprefix("W/") for e in etags}:
            kept = ("cache-control", "content-location", "date", "etag", "expires", "vary")
            return 304, [entry.headers[h] for h in kept if h in entry.headers], b""
    headers = list(entry.headers.values())
    headers.append(("Content-Length", str(len(body))))
    headers.append(("X-Page-Cache", "hit"))
    return entry.status, headers, body


# The WSGI door keeps the pages it just served for PORTAL_PAGE_CACHE_LOCAL_SECONDS (one second)
# in the worker's memory: during a spike most requests then skip even the Redis round trip.
# An edit clears this worker's copies at once; other workers and servers drop theirs within
# that second. Article pages kept here still have every view counted in the database.
_local = {}
_LOCAL_MAX_PAGES = 128


def _local_get(key):
    found = _local.get(key)
    if found is not None and time.monotonic() < found[0] and time.time() < found[1].expires:
        return found[1]
    return None


def _local_put(key, entry):
    seconds = settings.PORTAL_PAGE_CACHE_LOCAL_SECONDS
    if seconds > 0:
        if len(_local) >= _LOCAL_MAX_PAGES:
            _local.clear()
        _local[key] = (time.monotonic() + seconds, entry)


# Pieces of pages a worker has just drawn (the sidebar of a page rendered from its cached frame),
# kept as the local copies of pages are: for PORTAL_PAGE_CACHE_LOCAL_SECONDS, cleared by an edit.
_memos = {}


def local_memo(key, make):
    """make() once a second per `key` in this worker (see _local); an edit in this worker drops
    every memo at once, other workers' within the second."""
    seconds = settings.PORTAL_PAGE_CACHE_LOCAL_SECONDS
    if seconds <= 0:
        return make()
    found = _memos.get(key)
    now = time.monotonic()
    if found is not None and now < found[0]:
        return found[1]
    value = make()
    if len(_memos) >= _LOCAL_MAX_PAGES:
        _memos.clear()
    _memos[key] = (now + seconds, value)
    return value


class PageCacheApplication:
    """The WSGI door: answers cache hits before Django (see above), and hands a reader's request
    for a page that is not cached to the lighter handler (portal/handlers.py), when given one."""

    def __init__(self, application, reader_application=None):
        self.application = application
        self.reader_application = reader_application

    def __call__(self, environ, start_response):
        url = reader_url(environ)
        if url is None:
            return self.application(environ, start_response)
        if settings.PORTAL_PAGE_CACHE:
            key = _key(url)
            entry = _local_get(key)
            if entry is None:
                generation, entry = lookup(key)
                if entry is not None:
                    _local_put(key, entry)
            else:
                generation = entry.generation
            result = answer(environ, entry) if entry is not None else None
            if result is not None:
                status, headers, body = result
                headers.append(("X-Request-ID", request_id_for(environ)))
                start_response(f"{status} {HTTPStatus(status).phrase}", headers)
                return [b"" if environ["REQUEST_METHOD"] == "HEAD" else body]
            environ[_LOOKUP] = (key, generation)
        if self.reader_application is not None:
            match = reader_match(environ)
            if match is not None:
                environ[MATCH_KEY] = match
                return self.reader_application(environ, start_response)
        return self.application(environ, start_response)


class PageCacheMiddleware:
    """The Django door: stores pages, and answers hits the WSGI door did not see."""

    def __init__(self, get_response):
        if not settings.PORTAL_PAGE_CACHE:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        environ = request.META
        if _LOOKUP in environ:  # the WSGI door looked already: a miss
            key, generation = environ[_LOOKUP]
        else:
            key = page_key(environ)
            if key is None:
                return self.get_response(request)
            generation, entry = lookup(key)
            result = answer(environ, entry) if entry is not None else None
            if result is not None:
                return self.response(request, *result)
        if generation is None:
            generation = current_generation()
        response = self.get_response(request)
        if generation is not None and request.method == "GET":
            self.store(key, generation, response)
        response.setdefault("X-Page-Cache", "miss")
        return response

    def response(self, request, status, headers, body):
        response = HttpResponse(body, status=status)
        # Headers validated when the page was first served: copied as they are into
        # ResponseHeaders' own store, not checked one by one again on every hit.
        response.headers._store.update((name.lower(), (name, value)) for name, value in headers)
        response.headers._store["x-request-id"] = ("X-Request-ID", request_id_for(request.META))
        return response

    def store(self, key, generation, response):
        info = getattr(response, "page_info", None)
        if info is None or response.status_code != 200 or response.streaming or response.cookies:
            return
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control or "no-store" in cache_control:
            return
        now = time.time()
        expires = min(now + settings.PORTAL_PAGE_CACHE_SECONDS, next_publication(generation))
        if expires - now < 1:
            return
        body = info.template if info.article_id is not None else response.content
        headers = {k: v for k, v in response.headers._store.items() if k not in _STORED_HEADERS_EXCLUDED}
        etag = response.get("ETag", "")
        entry = Entry(generation, expires, response.status_code, headers, body, etag, info.article_id, info.views)
        cache.set(key, entry, math.ceil(expires - now))


# -- The cache backend -----------------------------------------------------------------------


def _resilient(default):
    """Run a cache operation; if Redis cannot be reached, answer `default` instead of failing.

    After a failure the process stops trying that Redis for RETRY_AFTER seconds, so an
    unreachable Redis costs one timeout now and then, not one per cache call.
    """

    def decorate(method):
        @functools.wraps(method)
        def wrapped(self, *args, **kwargs):
            if self.is_down():
                return default() if callable(default) else default
            try:
                return method(self, *args, **kwargs)
            except redis.exceptions.RedisError as exc:
                self.went_down(exc)
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


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, treating an unreachable Redis as an empty cache.

    Every page can be made from the database, so a Redis outage slows the site down instead
    of taking it down. incr() answers None while Redis is unreachable.
    """

    RETRY_AFTER = 2.0
    # Per Redis location, shared by the threads of the process: when to try it again.
    down_until = {}

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClient
        self._location = ",".join(self._servers)

    def is_down(self):
        return time.monotonic() < self.down_until.get(self._location, 0.0)

    def validate_key(self, key):
        """Nothing to check: Redis takes any key. (Django's check, for memcached's rules, looks at
        every character of every key: a dozen keys a page.)"""

    def went_down(self, exc):
        self.down_until[self._location] = time.monotonic() + self.RETRY_AFTER
        logger.warning("Redis unreachable (%s): serving without the cache.", exc)

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


class ReadAheadMiddleware:
    """Read, in one Redis round trip, every cache key the previous render of the same address read.

    A page rendered by Django (not served whole from the page cache) reads a dozen small keys:
    the site settings, the structure version, the poll box, the most-read lists and each cached
    fragment (news/fragments.py), one round trip after another. This process remembers, per
    address, which keys its last render read, and fetches them all at once with the request's
    first round trip to Redis (an article page's view count carries them); the render then
    finds them in memory. A key that has changed since (a new version
    of a fragment) is simply read on its own, and remembered for the next time. A value read
    ahead is as fresh as one read at the request's first cache access; a write during the request
    (a fragment stored, a version bumped) is never answered from the read-ahead.
    """

    MAX_ADDRESSES = 512  # the least recently rendered are forgotten first

    def __init__(self, get_response):
        self.get_response = get_response
        self.remembered = collections.OrderedDict()
        self.lock = threading.Lock()  # threads of a gthread worker share this middleware

    def __call__(self, request):
        begin = getattr(cache, "begin_reading", None)  # not for local memory: no round trips
        if begin is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        address = (request.path, request.META.get("QUERY_STRING", ""))
        with self.lock:
            keys = self.remembered.get(address)
            if keys is not None:
                self.remembered.move_to_end(address)
        begin(keys)
        try:
            response = self.get_response(request)
        finally:
            used = cache.end_reading()
        if used is not None and response.status_code == 200:
            with self.lock:
                self.remembered[address] = tuple(dict.fromkeys(used))  # in order, once each
                while len(self.remembered) > self.MAX_ADDRESSES:
                    self.remembered.popitem(last=False)
        return response
