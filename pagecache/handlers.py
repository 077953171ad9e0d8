"""A lighter Django handler for most of the traffic: a reader's GET of a page, without a session.

Every request through Django's handler runs all of settings.MIDDLEWARE. Six of them are for
people who log in or post forms: sessions, CSRF, authentication, the history's request,
messages and the login throttle (django-axes). A reader's GET of a page marked @reader_page,
from a browser with no session or messages cookie (pagecache.keys.reader_url()), uses none of
them: no reader page shows a CSRF token or a user, and a session that does not exist reads as
empty. The WSGI door (pagecache.wsgi.PageCacheApplication) hands
such requests to a ReaderHandler, whose chain is settings.PORTAL_READER_MIDDLEWARE; everything
else, and any page not marked, goes through the whole chain. The responses are the same, header
for header (tests/pagecache/test_reader_handler.py).
"""

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler, get_path_info
from django.urls import Resolver404, get_resolver
from django.utils.cache import patch_vary_headers

# environ key: the URL match the door found, so that the handler does not resolve it again.
MATCH_KEY = "portal.reader_match"


class ReaderHandler(WSGIHandler):
    """Django's WSGI handler with settings.PORTAL_READER_MIDDLEWARE as its middleware."""

    def load_middleware(self, is_async=False):
        # Django's loader reads settings.MIDDLEWARE; this runs once, when the handler is made
        # (at import, before any request), so swapping the list for the call is safe.
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = settings.PORTAL_READER_MIDDLEWARE
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full

    def get_response(self, request):
        response = super().get_response(request)
        # As the whole chain answers (its session middleware, once a page such as the 404 has
        # looked at the user; reader views say it themselves): with a session, another page.
        patch_vary_headers(response, ("Cookie",))
        return response

    def resolve_request(self, request):
        match = request.META.pop(MATCH_KEY, None)
        if match is None:
            return super().resolve_request(request)
        request.resolver_match = match
        return match


def reader_match(environ):
    """The URL match of a request (a WSGI environ) for a page marked @reader_page, else None."""
    try:
        match = get_resolver().resolve(get_path_info(environ))
    except Resolver404:
        return None
    return match if getattr(match.func, "reader_page", False) else None
