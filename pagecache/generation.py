"""Invalidation: a generation number in the cache, bumped when what readers see changes.

Nothing is ever purged: every stored page, and every fragment key, carries the generation it
was made in, and one of an older generation is a miss. One mechanism, two counters:

- PAGES, bumped by every save or delete of a model in settings.PORTAL_PAGE_CACHE_MODELS
  (connected in apps.ready of the apps that own them): any such edit makes every stored page
  stale, and drops this worker's copies (local.py) at once;
- FRAGMENTS, bumped when something that many fragments show changes (a section's name, the site
  settings). Fragments are otherwise keyed by the versions of what they show (updated_at), so an
  edit of one article re-renders its own card and nothing else; keying them by PAGES instead
  would make every fragment cold after each publication.

Each bump happens now and again when the current transaction commits: a page rendered between
the two from the not yet committed rows cannot outlive the commit. With the cache unreachable
a bump cannot be made: it is retried by the next read of this process.
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction

from . import local

logger = logging.getLogger(__name__)


class Generation:
    def __init__(self, key, *, clears_local=False):
        self.key = key
        self.clears_local = clears_local
        self.pending = False  # a bump that could not be made (the cache was unreachable)

    def changed(self, **kwargs):
        """Invalidate: a signal receiver (sender, instance… are ignored)."""
        self.bump()
        transaction.on_commit(self.bump)

    def bump(self, using=None):
        """Move to a new generation, in `using` (a cache backend) or the default cache."""
        backend = cache if using is None else using
        try:
            done = backend.incr(self.key) is not None  # None: the resilient backend is unreachable
        except ValueError:  # never set, or evicted: a fresh number is a new generation too
            backend.add(self.key, _fresh(), None)
            done = backend.get(self.key) is not None
        if self.clears_local:
            local.clear()
        self.pending = not done
        if not done:
            logger.warning("Could not invalidate %s; will retry.", self.key)

    def current(self, found=None):
        """The current number, or None when the cache is unreachable (then nothing is cached).

        `found`: the result of a get_many() that already asked for this key.
        """
        if self.pending:
            self.bump()
            found = None
        value = (found if found is not None else cache.get_many([self.key])).get(self.key)
        if value is None:
            cache.add(self.key, _fresh(), None)
            value = cache.get(self.key)
        return value


def _fresh():
    # Milliseconds: larger than any number an evicted generation could have reached.
    return int(time.time() * 1000)


PAGES = Generation("portal:generation", clears_local=True)
FRAGMENTS = Generation("news:structure")


def cache_switched(cache, **kwargs):
    """A process moved from one cache to another (Redis lost, or back): what the cache it moves to
    kept from before may be stale, so its generations move on (the `switched` signal of
    backends/redis.py, connected in apps.py)."""
    if cache is not None:
        PAGES.bump(using=cache)
        FRAGMENTS.bump(using=cache)
    local.clear()


def content_changed(**kwargs):
    """Invalidate every stored page and every fragment: call it whenever something readers see
    changes without a save of a model in PORTAL_PAGE_CACHE_MODELS, e.g. after a
    queryset.update() in an admin action (which leaves updated_at, part of fragment keys, as it was)."""
    PAGES.changed()
    FRAGMENTS.changed()
