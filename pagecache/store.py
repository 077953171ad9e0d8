"""A stored page: what it holds, how it is looked up, answered and stored.

Freshness, without a purge list: each stored page records the generation it was made in
(generation.PAGES), and one of an older generation is a miss; a page never outlives the bound
the apps set for every page (hooks.expire_pages_with(): the next scheduled publication), nor
the page's own bound (pages.stale_after(): a calendar's "today"), nor
PORTAL_PAGE_CACHE_SECONDS, which bounds what changes without an edit (the "most read" box).

A counted page (pages.counted_page()) is stored with the marker where the count goes: each
answer counts its view through the app's hook and fills in the count it returns, so a cached
article page shows the exact count, this view included, and none is served uncounted.
"""

import math
import time
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.utils.http import parse_etags

from . import hooks
from .generation import PAGES
from .pages import fill


class Entry(NamedTuple):
    generation: int
    expires: float
    status: int
    headers: dict  # ResponseHeaders._store: lower-cased name -> (name, value)
    body: bytes
    etag: str
    counted_id: int | None
    views: int


_STORED_HEADERS_EXCLUDED = {"content-length", "set-cookie", "x-page-cache", "x-request-id"}
_NOT_MODIFIED_HEADERS = ("cache-control", "content-location", "date", "etag", "expires", "vary")


def lookup(key):
    """(generation, the stored entry if it may be served now or None)."""
    found = cache.get_many([PAGES.key, key])
    generation = found.get(PAGES.key)
    if PAGES.pending and generation is not None:
        PAGES.bump()
        generation = cache.get(PAGES.key)
    entry = found.get(key)
    if entry is not None and entry.generation == generation and time.time() < entry.expires:
        return generation, entry
    return generation, None


def answer(environ, entry):
    """(status, headers, body) for a hit, or None to let Django answer instead (the view of a
    counted page could not be counted)."""
    body = entry.body
    if entry.counted_id is not None:
        views = hooks.count_view(environ, entry.counted_id, entry.views)
        if views is None:
            return None
        body = fill(body, views)
    elif entry.etag and "HTTP_IF_NONE_MATCH" in environ:
        etags = parse_etags(environ["HTTP_IF_NONE_MATCH"])
        if "*" in etags or entry.etag.removeprefix("W/") in {e.removeprefix("W/") for e in etags}:
            return 304, [entry.headers[h] for h in _NOT_MODIFIED_HEADERS if h in entry.headers], b""
    headers = list(entry.headers.values())
    headers.append(("Content-Length", str(len(body))))
    headers.append(("X-Page-Cache", "hit"))
    return entry.status, headers, body


def store(key, generation, response):
    """Keep `response` under `key` if it is a reader page that may be shared."""
    info = getattr(response, "page_info", None)
    if info is None or response.status_code != 200 or response.streaming or response.cookies:
        return
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return
    now = time.time()
    expires = min(now + settings.PORTAL_PAGE_CACHE_SECONDS, hooks.pages_expire(generation), info.expires)
    if expires - now < 1:
        return
    body = info.template if info.counted_id is not None else response.content
    headers = {k: v for k, v in response.headers._store.items() if k not in _STORED_HEADERS_EXCLUDED}
    etag = response.get("ETag", "")
    entry = Entry(generation, expires, response.status_code, headers, body, etag, info.counted_id, info.views)
    cache.set(key, entry, math.ceil(expires - now))
