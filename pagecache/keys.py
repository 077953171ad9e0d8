"""Which requests may use the page cache, and under which key.

Query strings: the parameters that select what a page shows (PORTAL_PAGE_CACHE_QUERY_PARAMS)
are part of the key, trackers (fbclid, utm_*) are dropped, anything else bypasses the cache.
"""

import hashlib
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.http.cookie import parse_cookie

# Part of every page key: pages stored by an older version of store.Entry are never read.
ENTRY_FORMAT = 3


def reader_url(environ):
    """The address of a reader's request (a WSGI environ) as the page cache keys it, or None
    when it must not use the cache (nor the reader handler, handlers.py): not a GET or HEAD, a
    static file, a browser with a session or messages, an unknown query parameter."""
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
    return None if url is None else key_of(url)


def key_of(url):
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
