"""The WSGI door: a hit is answered before Django builds a request, runs its signals and
middleware; it costs one round trip to the cache (none for a page this worker served within
the last second, local.py), plus what the app's view counter costs for a counted page.

A reader's request for a page that is not cached goes to the lighter handler (handlers.py),
when one is given; anything else to Django's own. The misses are stored by the Django door
(middleware.PageCacheMiddleware), which reuses this door's lookup.
"""

import functools
from http import HTTPStatus

from django.conf import settings
from django.utils.module_loading import import_string

from . import local
from .handlers import MATCH_KEY, reader_match
from .keys import key_of, reader_url
from .store import answer, lookup

LOOKUP = "pagecache.lookup"  # environ key: this door's (key, generation), for the middleware


@functools.cache
def request_id_function():
    """What makes the id of an answer from its environ: settings.PORTAL_REQUEST_ID, a dotted path
    (the project's logging ties its lines together with it)."""
    return import_string(settings.PORTAL_REQUEST_ID)


class PageCacheApplication:
    def __init__(self, application, reader_application=None):
        self.application = application
        self.reader_application = reader_application

    def __call__(self, environ, start_response):
        url = reader_url(environ)
        if url is None:
            return self.application(environ, start_response)
        if settings.PORTAL_PAGE_CACHE:
            key = key_of(url)
            entry = local.get_page(key)
            if entry is None:
                generation, entry = lookup(key)
                if entry is not None:
                    local.put_page(key, entry)
            else:
                generation = entry.generation
            result = answer(environ, entry) if entry is not None else None
            if result is not None:
                status, headers, body = result
                headers.append(("X-Request-ID", request_id_function()(environ)))
                start_response(f"{status} {HTTPStatus(status).phrase}", headers)
                return [b"" if environ["REQUEST_METHOD"] == "HEAD" else body]
            environ[LOOKUP] = (key, generation)
        if self.reader_application is not None:
            match = reader_match(environ)
            if match is not None:
                environ[MATCH_KEY] = match
                return self.reader_application(environ, start_response)
        return self.application(environ, start_response)
