"""How a view tells the page cache about its response: a reader page, and one that counts a view.

Who is served from the cache: GET/HEAD requests without a session or messages cookie (the
staff, after logging in, always see live pages; keys.py), for responses of views marked with
@reader_page that set no cookie.
"""

import functools
import hashlib
import math

from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe

# Where a counted page shows its count: stored with the marker, filled in for each answer.
VIEW_COUNT_MARKER = mark_safe("<!--portal:view-count-->")
_MARKER_BYTES = VIEW_COUNT_MARKER.encode()


class PageInfo:
    """What a view says about its response: it may be cached, what it counts, and the Unix
    time after which it is stale whatever happens (inf: only an edit or the cache's own bound)."""

    def __init__(self, counted_id=None, template=None, views=0, expires=math.inf):
        self.counted_id = counted_id
        self.template = template
        self.views = views
        self.expires = expires


def reader_page(view):
    """Mark a reader page: cacheable whole for anonymous readers, with an ETag, and served by
    the reader handler (handlers.py) to a browser without a session.

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
        if info.counted_id is None and not response.has_header("ETag"):
            response["ETag"] = etag(response.content)
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response

    wrapped.reader_page = True  # kept by functools.wraps in the decorators above it
    return wrapped


def counted_page(response, counted_id, views):
    """Let the page cache count a view of `counted_id` each time it serves this page, through
    the view counter the app gave it (hooks.count_views_with()).

    The response was rendered with VIEW_COUNT_MARKER where the count goes: the marked page is
    what gets cached, and the reader gets it with `views` filled in.
    """
    if response.status_code == 200:
        expires = getattr(response, "page_info", PageInfo()).expires
        response.page_info = PageInfo(counted_id=counted_id, template=response.content, views=views, expires=expires)
        response.content = fill(response.content, views)
    return response


def stale_after(response, timestamp):
    """Keep this page no later than `timestamp` (Unix seconds): for a page whose content
    changes with the clock alone, such as the day a calendar marks as today. Other pages keep
    their own bounds."""
    info = getattr(response, "page_info", None)
    if info is None:
        response.page_info = info = PageInfo()
    info.expires = min(info.expires, timestamp)
    return response


def fill(body, views):
    return body.replace(_MARKER_BYTES, str(views).encode(), 1)


def etag(body):
    # SHA-1 (not for security): on each render of a 62 KB home page it took less than half
    # of MD5's time on this project's CPUs (SHA instructions).
    return f'"{hashlib.sha1(body, usedforsecurity=False).hexdigest()}"'
