"""The yardstick: a minimal Django WSGI application, one view returning a page of N bytes.

`make bench` serves it under gunicorn with the portal's own configuration file and settings
(same workers, same CPU), and asks /bytes/<N>/ with N the size of the portal page it is
compared with. No middleware, no database, no template: what Django itself costs.

    gunicorn bench.minimal -c portal/gunicorn.conf.py
"""

import secrets

import django
from django.conf import settings
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY=secrets.token_urlsafe(50),
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_TZ=True,
)
django.setup()

# Vietnamese text, as UTF-8, long enough for any page.
_TEXT = "<p>Sáng nay, Quận ủy tổ chức hội nghị sơ kết công tác xây dựng Đảng và hệ thống chính trị.</p>\n"
_PAGE = ("<!DOCTYPE html>\n<html lang='vi'><body>\n" + _TEXT * 20000).encode()


def page(request, size):
    return HttpResponse(_PAGE[:size], content_type="text/html; charset=utf-8")


urlpatterns = [path("bytes/<int:size>/", page)]

from django.core.wsgi import get_wsgi_application  # noqa: E402 - after settings.configure()

application = get_wsgi_application()
