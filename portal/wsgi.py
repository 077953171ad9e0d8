"""WSGI entry point, used by gunicorn (`gunicorn portal.wsgi`).

Cached pages for anonymous readers are answered by PageCacheApplication before Django
handles the request (pagecache/wsgi.py); a reader's request for a page that is not cached goes
through a handler with less middleware (pagecache/handlers.py), any other through Django's own.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

django_application = get_wsgi_application()

from pagecache.handlers import ReaderHandler  # noqa: E402 - needs the settings configured
from pagecache.wsgi import PageCacheApplication  # noqa: E402

application = PageCacheApplication(django_application, ReaderHandler())
