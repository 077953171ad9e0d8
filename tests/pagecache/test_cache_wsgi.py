"""The page cache's WSGI door (portal/wsgi.py): hits answered before Django handles the request."""

import io
import sys
from unittest import mock

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import OperationalError, close_old_connections
from django.utils import timezone

from news import queries as views
from news.models import Article, SiteSettings
from pagecache import local, store
from pagecache.generation import PAGES
from pagecache.wsgi import PageCacheApplication
from tests.factories import make_article, views_in_database

pytestmark = pytest.mark.django_db

READER_AGENT = "Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile"


@pytest.fixture
def app(settings):
    """The portal's WSGI application as gunicorn runs it, page cache on, behind nginx.

    Like Django's test client, it leaves the database connection open between requests
    (the test's transaction lives on it).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    settings.PORTAL_PAGE_CACHE = True
    settings.ALLOWED_HOSTS = ["quanuy.example.vn"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    SiteSettings.load()
    local._pages.clear()
    yield PageCacheApplication(WSGIHandler())
    local._pages.clear()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def call(app, path, method="GET", **headers):
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "quanuy.example.vn",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_USER_AGENT": READER_AGENT,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    environ.update(headers)
    started = []
    result = app(environ, lambda status, response_headers: started.append((status, response_headers)))
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    status, response_headers = started[0]
    return int(status.split()[0]), dict(response_headers), body


@pytest.fixture
def django_requests():
    """How many requests reached Django's handler."""
    seen = []

    def receiver(**kwargs):
        seen.append(1)

    request_started.connect(receiver)
    yield seen
    request_started.disconnect(receiver)


def test_a_hit_never_reaches_django(app, django_requests):
    """The second reader of the home page is answered from Redis without entering Django."""
    make_article(title="Lễ kỷ niệm ngày thành lập Đảng")
    first = call(app, "/")
    assert first[0] == 200 and first[1]["X-Page-Cache"] == "miss"
    assert len(django_requests) == 1
    second = call(app, "/")
    assert second[0] == 200 and second[1]["X-Page-Cache"] == "hit"
    assert len(django_requests) == 1
    assert second[2] == first[2]
    assert "Lễ kỷ niệm ngày thành lập Đảng" in second[2].decode()


def test_a_hit_carries_the_headers_django_sent(app):
    """Security headers, CSP, content type and ETag of a hit are those of the rendered page."""
    make_article()
    _, first, _ = call(app, "/")
    _, again, _ = call(app, "/")
    for name in (
        "Content-Type",
        "Content-Security-Policy",
        "Strict-Transport-Security",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "Cache-Control",
        "ETag",
    ):
        assert again[name] == first[name], name
    assert len(again["X-Request-ID"]) == 32
    assert int(again["Content-Length"]) > 1000


def test_article_views_are_counted_exactly_at_the_wsgi_door(app, django_requests):
    """Ten readers of a cached article: ten views recorded, each page showing its own count."""
    article = make_article()
    url = article.get_absolute_url()
    for n in range(1, 11):
        status, headers, body = call(app, url)
        assert status == 200
        assert f"Lượt xem: {n}</span>" in body.decode()
    assert len(django_requests) == 1
    assert views_in_database(article) == 10


def test_revalidation_gets_a_304_at_the_wsgi_door(app, django_requests):
    """A browser revalidating the cached home page gets a bodiless 304, Django untouched."""
    make_article()
    _, headers, _ = call(app, "/")
    status, headers304, body = call(app, "/", HTTP_IF_NONE_MATCH=headers["ETag"])
    assert status == 304 and body == b""
    assert headers304["ETag"] == headers["ETag"]
    assert len(django_requests) == 1


def test_head_requests_get_no_body(app):
    """HEAD on a cached page: the headers, no body."""
    make_article()
    call(app, "/")
    status, headers, body = call(app, "/", method="HEAD")
    assert status == 200 and body == b""
    assert headers["X-Page-Cache"] == "hit"


def test_plain_http_is_still_redirected(app):
    """A request that did not come over HTTPS is never served the cached HTTPS page."""
    make_article()
    call(app, "/")
    status, headers, _ = call(app, "/", HTTP_X_FORWARDED_PROTO="http")
    assert status == 301
    assert headers["Location"] == "https://quanuy.example.vn/"


def test_unknown_hosts_are_still_refused(app):
    """A forged Host header gets Django's 400, not a cached page."""
    make_article()
    call(app, "/")
    assert call(app, "/", HTTP_HOST="evil.example.com")[0] == 400


def test_editors_bypass_the_wsgi_door(app, django_requests):
    """A request with a session cookie goes to Django, which knows who it is."""
    make_article()
    call(app, "/")
    call(app, "/", HTTP_COOKIE="sessionid=abc; csrftoken=def")
    assert len(django_requests) == 2


def test_publishing_invalidates_the_wsgi_door(app):
    """An article published after a page was cached shows on the next request."""
    make_article()
    call(app, "/")
    make_article(title="Tin vừa được đăng")
    status, headers, body = call(app, "/")
    assert headers["X-Page-Cache"] == "miss"
    assert "Tin vừa được đăng" in body.decode()


def test_a_failed_view_count_falls_back_to_django(app):
    """The database refuses the count: the cached article is not served; Django answers 503."""
    article = make_article()
    call(app, article.get_absolute_url())
    with mock.patch("news.view_counts.record_view", side_effect=OperationalError("server closed the connection")):
        with mock.patch.object(views.STAMP, "rows", side_effect=OperationalError("down")):
            status, headers, body = call(app, article.get_absolute_url())
    assert status == 503
    assert "Cổng thông tin tạm thời gián đoạn" in body.decode()


def test_a_spike_skips_redis_too(app, monkeypatch):
    """Within a second of serving a page, the worker serves it again from memory, no Redis."""
    article = make_article()
    for url in ("/", article.get_absolute_url()):
        call(app, url)
        call(app, url)  # found in Redis, kept by the worker
    monkeypatch.setattr("pagecache.wsgi.lookup", mock.Mock(side_effect=AssertionError("Redis asked")))
    assert call(app, "/")[1]["X-Page-Cache"] == "hit"
    status, headers, body = call(app, article.get_absolute_url())
    assert "Lượt xem: 3</span>" in body.decode()  # still counted
    assert views_in_database(article) == 3


def test_other_workers_see_an_edit_within_the_local_second(app, monkeypatch):
    """An edit made on another worker shows here once the worker's copy is a second old."""
    from django.core.cache import cache

    make_article(title="Bản tin cũ")
    call(app, "/")
    call(app, "/")
    Article.objects.update(title="Bản tin đã sửa", updated_at=timezone.now())  # as saved by another worker…
    cache.incr(PAGES.key)  # …which bumped the shared generation
    assert "Bản tin cũ" in call(app, "/")[2].decode()
    later = store.time.monotonic() + 1.5
    monkeypatch.setattr(store.time, "monotonic", lambda: later)
    assert "Bản tin đã sửa" in call(app, "/")[2].decode()
