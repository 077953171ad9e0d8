"""Cache backends for the page cache, one module each, chosen in settings.CACHES."""
