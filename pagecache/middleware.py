"""The Django door of the page cache, and the read-ahead of cache keys.

PageCacheMiddleware, first in MIDDLEWARE, stores what Django renders, and answers hits where
Django is entered without the WSGI door (the test client, runserver): both doors use store.py,
so a request has the same key and gets the same answer through either.
"""

import collections
import threading

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse

from .generation import PAGES
from .keys import page_key
from .store import answer, lookup, store
from .wsgi import LOOKUP, request_id_function


class PageCacheMiddleware:
    def __init__(self, get_response):
        if not settings.PORTAL_PAGE_CACHE:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        environ = request.META
        if LOOKUP in environ:  # the WSGI door looked already: a miss
            key, generation = environ[LOOKUP]
        else:
            key = page_key(environ)
            if key is None:
                return self.get_response(request)
            generation, entry = lookup(key)
            result = answer(environ, entry) if entry is not None else None
            if result is not None:
                return self.response(request, *result)
        if generation is None:
            generation = PAGES.current()
        response = self.get_response(request)
        if generation is not None and request.method == "GET":
            store(key, generation, response)
        response.setdefault("X-Page-Cache", "miss")
        return response

    def response(self, request, status, headers, body):
        response = HttpResponse(body, status=status)
        # Headers validated when the page was first served: copied as they are into
        # ResponseHeaders' own store, not checked one by one again on every hit.
        response.headers._store.update((name.lower(), (name, value)) for name, value in headers)
        response.headers._store["x-request-id"] = ("X-Request-ID", request_id_function()(request.META))
        return response


class ReadAheadMiddleware:
    """Read, in one round trip to Redis, every cache key the previous render of the same address read.

    A page rendered by Django (not served whole from the page cache) reads a dozen small keys:
    the site settings, the fragments' generation, the poll box, the most-read lists and each
    cached fragment, one round trip after another. This process remembers, per address, which
    keys its last render read, and fetches them all at once with the request's first round trip
    to Redis (an article page's view count carries them); the render then finds them in memory.
    A key that has changed since (a new version of a fragment) is simply read on its own, and
    remembered for the next time. A value read ahead is as fresh as one read at the request's
    first cache access; a write during the request (a fragment stored, a version bumped) is
    never answered from the read-ahead. Only with a backend that has begin_reading() (Redis).
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
