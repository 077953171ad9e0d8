"""Whole pages for anonymous readers, kept in the shared cache, and what keeps them right.

An app of its own that imports no other app of the project: the apps tell it what they need
from their AppConfig.ready() (pagecache.hooks), the settings name what it uses.

- wsgi.py: the WSGI door, answering hits before Django (and handing a reader's miss to the
  lighter handler of handlers.py);
- middleware.py: the Django door, storing what Django renders; the read-ahead of cache keys;
- store.py: what a stored page is, how it is looked up, answered and stored;
- keys.py: which requests may use the cache, and under which key;
- pages.py: how a view marks its response as a reader page (and a counted one);
- generation.py: invalidation, one generation mechanism for pages and fragments;
- local.py: each worker's one-second copy of what it just served;
- fragments.py: rendered pieces of pages keyed by what they show;
- backends/: the cache backends (Redis with its circuit breaker).
"""
