"""Rendered pieces of reader pages, cached and keyed by the version of what they show.

When the whole-page cache misses, a page is rendered by Django; most of that work is the same
cards, menu and article body as in the previous render. Those pieces are kept in the cache under
keys made from what they show ("Russian-doll" caching): the apps give the parts (pks and
updated_at of what a piece shows, see versions()), and every key also carries the fragments'
generation (generation.FRAGMENTS: section names and addresses, the site settings) and the
release of the static files.

The frame of a page, everything but its sidebar (framed_page()), is one fragment too: a
page-cache miss (every page after each publication) then costs the page's one query, one
fragment and the sidebar, not a render.

Keys never need deleting: a changed object has a new key, old ones expire
(PORTAL_FRAGMENT_CACHE_SECONDS). With the cache unreachable every fragment is a miss and is
simply rendered.
"""

import hashlib

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .generation import FRAGMENTS


def fragment_version(found=None):
    """What every fragment key starts with: the fragments' generation and the release of the static
    files (fragments hold their hashed URLs, e.g. the poll box's script, which a deployment with
    new static files changes). None when the cache is unreachable."""
    version = FRAGMENTS.current(found)
    if version is None:
        return None
    return f"{version}.{getattr(staticfiles_storage, 'manifest_hash', '')}"


def request_version(request, found=None):
    """The fragment version for a page made for `request`: None, so nothing is cached, for an
    editor who logged in (they see pages rendered from the database, as the page cache never
    serves them either), or when the cache is unreachable. `found`: as for fragment_version()."""
    user = getattr(request, "user", None)  # absent without the authentication middleware
    if user is not None and user.is_authenticated:
        return None
    return fragment_version(found)


def context_version(context):
    """The fragment version of a template render (fragment_version()), looked up once per request
    by the context processor; None, so nothing is cached, when rendered without it (e.g. Django's CSRF failure
    page, which has no `site` either: its header must not be stored for other pages)."""
    return context.get("fragment_version")


def fragment_key(name, version, *vary_on):
    # Hashed: vary_on may hold spaces or long strings, which some cache backends refuse in keys.
    parts = ":".join(str(part) for part in (get_language(), *vary_on))
    return f"fragment:{name}:{version}:{hashlib.md5(parts.encode(), usedforsecurity=False).hexdigest()}"


def cached_fragment(context, name, vary_on, render):
    """The HTML of fragment `name` of a template render (its `context`), keyed by the values
    `vary_on`; render() makes it when it is not cached. The {% fragment %} tag, for template tags."""
    version = context_version(context)
    if version is None:
        return mark_safe(render())
    return cached_html([fragment_key(name, version, *vary_on)], lambda _missing: [render()])[0]


def cached_html(keys, render):
    """The HTML (safe strings) for each of `keys`, with one cache round trip for all of them.

    render(indices) makes the pieces missing from the cache, in that order; `keys` holds None
    where a piece must not be cached. What was rendered is stored with one set_many().
    """
    wanted = [key for key in keys if key is not None]
    # get_many even for one key: the portal's Redis client answers it on a connection of its own,
    # faster than get() (pagecache/backends/redis.py, _ReusedClient).
    found = cache.get_many(wanted) if wanted else {}
    html = [found.get(key) for key in keys]
    missing = [i for i, piece in enumerate(html) if piece is None]
    if missing:
        stored = {}
        for i, piece in zip(missing, render(missing), strict=True):
            html[i] = piece
            if keys[i] is not None and piece:  # an empty piece: nothing to show, or nothing to save
                stored[keys[i]] = _plain(piece)
        if stored:
            cache.set_many(stored, settings.PORTAL_FRAGMENT_CACHE_SECONDS)
    return [mark_safe(piece) for piece in html]


def _plain(html):
    """`html` as a plain str for the cache: a pickled SafeString is rebuilt through its class on
    every read (18 µs for an article's 8 KB body, 10 µs as a str); cached_html() marks it safe
    again."""
    return str.__str__(html)


# Where the sidebar goes in a page's frame (the app's base template).
SIDEBAR_MARKER = mark_safe("<!--portal:sidebar-->")


def framed_page(request, name, vary_on, render, sidebar):
    """A reader page whose frame, all of it but the sidebar, is one cached fragment.

    render(sidebar_marker) renders the page whole (marker None) or with SIDEBAR_MARKER where the
    sidebar goes; the frame is kept as the UTF-8 bytes before and after the marker, keyed by
    `name` and `vary_on` (what the page shows besides the sidebar). sidebar(version) draws the
    sidebar (the poll box and the most-read box, which change on their own) for each request.
    A reader with messages waiting, or an editor, gets the page rendered whole.
    """
    version = request_version(request)
    messages = getattr(request, "_messages", None)
    if version is None or (messages is not None and len(messages)):
        return render(None)
    key = fragment_key(f"frame-{name}", version, *vary_on)
    frame = cache.get_many([key]).get(key)
    if frame is None:
        response = render(SIDEBAR_MARKER)
        before, marker, after = response.content.partition(_SIDEBAR_MARKER_BYTES)
        if response.status_code != 200 or not marker:  # a page without this sidebar: as it is
            return response
        cache.set(key, (before, after), settings.PORTAL_FRAGMENT_CACHE_SECONDS)
    else:
        before, after = frame
        response = HttpResponse()
    response.content = b"".join((before, sidebar(version).encode(), after))
    return response


_SIDEBAR_MARKER_BYTES = SIDEBAR_MARKER.encode()


def version_stamp(moment):
    """An exact, compact form of a timestamp for keys (updated_at has microseconds)."""
    return f"{moment.timestamp():.6f}" if moment is not None else ""


def versions(articles):
    """pk and updated_at of each article: the key of a fragment showing them, e.g. a list of cards."""
    return [(a.pk, version_stamp(a.updated_at)) for a in articles]
