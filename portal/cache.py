"""Whole pages for anonymous readers, kept in the shared cache (Redis), and the cache backend.

A news spike is thousands of readers asking for the same few pages. They are served from
the cache by PageCacheMiddleware before sessions, URL resolving or templates run.

Freshness, without a purge list:
- a content *generation* number lives in the cache; content_changed() bumps it whenever an
  editor saves or deletes something a page shows (news/signals.py connects it to the models
  in settings.PORTAL_PAGE_CACHE_MODELS). Each stored page records its generation; a page of an
  older generation is a miss, so every page is fresh the moment an editor saves.
- a page never outlives the next scheduled publication, so a scheduled article appears on time;
- PORTAL_PAGE_CACHE_SECONDS bounds what changes without an edit (the "most read" box).

Exact view counts: an article page is stored with a marker where the view count goes and the
id of the article. On a hit the middleware counts the view (one SQL statement, as the view
would) and writes the count that statement returned into the page, so a cached article page
shows the exact count, this view included, and no view is served uncounted.

Who is served from the cache: GET/HEAD requests without a session or messages cookie (the
staff, after logging in, always see live pages), for responses of views marked with
@reader_page that set no cookie. Query strings: the parameters that select what a page shows
(`page`, `q`) are part of the key, trackers (fbclid, utm_*) are dropped, anything else bypasses.
"""

import functools
import hashlib
import logging
import math
import time
from typing import NamedTuple
from urllib.parse import urlencode

import redis
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import DisallowedHost, MiddlewareNotUsed
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

GENERATION_KEY = "portal:generation"
VIEW_COUNT_MARKER = mark_safe("<!--portal:view-count-->")
_MARKER_BYTES = VIEW_COUNT_MARKER.encode()


# -- Invalidation ----------------------------------------------------------------------------

_bump_pending = False


def content_changed(**kwargs):
    """Invalidate every cached page: call it (or connect it as a signal receiver) whenever
    something readers see changes without going through a model in PORTAL_PAGE_CACHE_MODELS,
    e.g. after a queryset.update() in an admin action.

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
    from news.models import Article  # the portal package is loaded before the apps

    key = f"portal:next-publication:{generation}"
    when = cache.get(key)
    if when is None or when <= time.time():
        first = (
            Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=_now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        when = first.timestamp() if first else math.inf
        cache.set(key, when, settings.PORTAL_PAGE_CACHE_SECONDS)
    return when


def _now():
    from django.utils import timezone

    return timezone.now()


# -- Marking views ---------------------------------------------------------------------------


class PageInfo:
    """What a view says about its response: it may be cached, and what it counts."""

    def __init__(self, article_id=None, template=None, views=0):
        self.article_id = article_id
        self.template = template
        self.views = views


def reader_page(view):
    """Mark a reader page: cacheable whole for anonymous readers, with an ETag.

    The browser is asked to revalidate every time (no-cache) and gets a 304 when the page is
    unchanged. Counted pages (see counted_page) get no ETag: every view must reach the server.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
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
    return f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'


# -- The middleware --------------------------------------------------------------------------


class Entry(NamedTuple):
    generation: int
    expires: float
    status: int
    headers: list
    body: bytes
    etag: str
    article_id: int | None
    views: int


_STORED_HEADERS_EXCLUDED = {"content-length", "set-cookie", "x-page-cache", "x-request-id"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        if not settings.PORTAL_PAGE_CACHE:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.ttl = settings.PORTAL_PAGE_CACHE_SECONDS
        self.bypass_cookies = tuple(settings.PORTAL_PAGE_CACHE_BYPASS_COOKIES)
        self.params = frozenset(settings.PORTAL_PAGE_CACHE_QUERY_PARAMS)
        self.ignored = frozenset(settings.PORTAL_PAGE_CACHE_IGNORED_PARAMS)

    def __call__(self, request):
        key = self.key(request)
        if key is None:
            return self.get_response(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if _bump_pending and generation is not None:
            _bump()
            generation = cache.get(GENERATION_KEY)
        entry = found.get(key)
        if entry is not None and entry.generation == generation and time.time() < entry.expires:
            response = self.serve(request, entry)
            if response is not None:
                return response
        if generation is None:
            generation = current_generation()
        response = self.get_response(request)
        if generation is not None and request.method == "GET":
            self.store(key, generation, response)
        response.setdefault("X-Page-Cache", "miss")
        return response

    def key(self, request):
        """The cache key of this request, or None when it must not use the cache."""
        if request.method not in ("GET", "HEAD"):
            return None
        cookies = request.COOKIES
        if cookies and any(name in cookies for name in self.bypass_cookies):
            return None
        query = []
        for name, values in request.GET.lists():
            if name in self.params:
                query.extend((name, v) for v in values)
            elif name not in self.ignored and not name.startswith("utm_"):
                return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None
        url = f"{request.scheme}://{host}{request.path}?{urlencode(sorted(query))}"
        return "page:" + hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()

    def serve(self, request, entry):
        body = entry.body
        if entry.article_id is not None:
            from news.services import is_countable_view, record_view

            if is_countable_view(request):
                views = record_view(entry.article_id)
                if views is None:  # deleted meanwhile: let the view answer
                    return None
            else:
                views = entry.views
            body = _fill(body, views)
        response = HttpResponse(body, status=entry.status)
        for name, value in entry.headers:
            response[name] = value
        response["Content-Length"] = str(len(body))
        response["X-Page-Cache"] = "hit"
        if entry.etag:
            return get_conditional_response(request, etag=entry.etag, response=response)
        return response

    def store(self, key, generation, response):
        info = getattr(response, "page_info", None)
        if info is None or response.status_code != 200 or response.streaming or response.cookies:
            return
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control or "no-store" in cache_control:
            return
        now = time.time()
        expires = min(now + self.ttl, next_publication(generation))
        if expires - now < 1:
            return
        body = info.template if info.article_id is not None else response.content
        headers = [(k, v) for k, v in response.items() if k.lower() not in _STORED_HEADERS_EXCLUDED]
        etag = response.get("ETag", "")
        entry = Entry(generation, expires, response.status_code, headers, body, etag, info.article_id, info.views)
        cache.set(key, entry, math.ceil(expires - now))


# -- The cache backend -----------------------------------------------------------------------


def _resilient(default):
    """Run a cache operation; if Redis cannot be reached, answer `default` instead of failing.

    After a failure the process stops trying for RETRY_AFTER seconds, so an unreachable Redis
    costs one timeout now and then, not one per cache call.
    """

    def decorate(method):
        @functools.wraps(method)
        def wrapped(self, *args, **kwargs):
            if time.monotonic() < ResilientRedisCache.down_until:
                return default() if callable(default) else default
            try:
                return method(self, *args, **kwargs)
            except redis.exceptions.RedisError as exc:
                ResilientRedisCache.down_until = time.monotonic() + ResilientRedisCache.RETRY_AFTER
                logger.warning("Redis unreachable (%s): serving without the cache.", exc)
                return default() if callable(default) else default

        return wrapped

    return decorate


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, treating an unreachable Redis as an empty cache.

    Every page can be made from the database, so a Redis outage slows the site down instead
    of taking it down. incr() answers None while Redis is unreachable.
    """

    RETRY_AFTER = 2.0
    down_until = 0.0

    add = _resilient(False)(RedisCache.add)
    set = _resilient(None)(RedisCache.set)
    touch = _resilient(False)(RedisCache.touch)
    delete = _resilient(False)(RedisCache.delete)
    get_many = _resilient(dict)(RedisCache.get_many)
    has_key = _resilient(False)(RedisCache.has_key)
    incr = _resilient(None)(RedisCache.incr)
    set_many = _resilient(list)(RedisCache.set_many)
    delete_many = _resilient(None)(RedisCache.delete_many)
    clear = _resilient(None)(RedisCache.clear)

    def get(self, key, default=None, version=None):  # the caller's default, not a fixed one
        if time.monotonic() < self.down_until:
            return default
        try:
            return super().get(key, default, version)
        except redis.exceptions.RedisError as exc:
            ResilientRedisCache.down_until = time.monotonic() + self.RETRY_AFTER
            logger.warning("Redis unreachable (%s): serving without the cache.", exc)
            return default
