"""Each worker's copy of what it has just served, for PORTAL_PAGE_CACHE_LOCAL_SECONDS (one second).

During a spike most requests then skip even the shared cache's round trip. An edit clears this
worker's copies at once (generation.PAGES); other workers and servers drop theirs within that
time, which bounds how late any of them shows an edit. Article pages kept here still have every
view counted.
"""

import time

from django.conf import settings

MAX_ENTRIES = 128
_pages = {}
_memos = {}


def clear():
    _pages.clear()
    _memos.clear()


def get_page(key):
    found = _pages.get(key)
    if found is not None and time.monotonic() < found[0] and time.time() < found[1].expires:
        return found[1]
    return None


def put_page(key, entry):
    seconds = settings.PORTAL_PAGE_CACHE_LOCAL_SECONDS
    if seconds > 0:
        if len(_pages) >= MAX_ENTRIES:
            _pages.clear()
        _pages[key] = (time.monotonic() + seconds, entry)


def local_memo(key, make):
    """make() once per PORTAL_PAGE_CACHE_LOCAL_SECONDS per `key` in this worker: pieces of pages it
    has just drawn (the sidebar of a page rendered from its cached frame), kept as its copies of
    pages are."""
    seconds = settings.PORTAL_PAGE_CACHE_LOCAL_SECONDS
    if seconds <= 0:
        return make()
    found = _memos.get(key)
    now = time.monotonic()
    if found is not None and now < found[0]:
        return found[1]
    value = make()
    if len(_memos) >= MAX_ENTRIES:
        _memos.clear()
    _memos[key] = (now + seconds, value)
    return value
