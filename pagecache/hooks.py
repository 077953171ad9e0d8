"""What the apps tell the page cache, from their AppConfig.ready(): the page cache imports none of them.

- a view counter: called for each stored page that counts something (pages.counted_page())
  when the page cache serves it, to count it and get the figure to show;
- an expiry: the time (Unix seconds, inf for never) before which every stored page must be
  thrown away, e.g. the next scheduled publication, so that it appears on time.
"""

import math

_view_counter = None
_expiries = []


def count_views_with(counter):
    """counter(environ, counted_id, shown_count) -> the count to fill in, or None to let Django answer."""
    global _view_counter
    _view_counter = counter


def expire_pages_with(expiry):
    """expiry(generation) -> Unix time before which every page stored now must expire (inf: no bound)."""
    if expiry not in _expiries:
        _expiries.append(expiry)


def count_view(environ, counted_id, shown_count):
    if _view_counter is None:
        return shown_count
    return _view_counter(environ, counted_id, shown_count)


def pages_expire(generation):
    return min((expiry(generation) for expiry in _expiries), default=math.inf)
