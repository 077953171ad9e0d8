"""Security under the production settings: headers, cookies, CSP, login throttling, error pages."""

import importlib.util
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import path, reverse

from news.models import SiteSettings
from portal.urls import urlpatterns as portal_urlpatterns
from tests.factories import make_article

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile Safari/604.1"}
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "testserver,quanuy.example.vn",
}
# Settings that differ between development and production, copied from a production load.
SECURITY_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "CONTENT_SECURITY_POLICY",
    "PORTAL_PROXY_COUNT",
]


def load_production_settings(extra_env=None):
    """portal/settings.py as production loads it (DEBUG=false), as a separate module."""
    saved = dict(os.environ)
    os.environ.update({**PRODUCTION_ENV, **(extra_env or {})})
    try:
        spec = importlib.util.spec_from_file_location("production_settings", BASE_DIR / "portal" / "settings.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture
def production(settings):
    prod = load_production_settings()
    for name in SECURITY_SETTINGS:
        setattr(settings, name, getattr(prod, name))
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = prod.ALLOWED_HOSTS
    return prod


def main_pages():
    article = make_article(title="Quận ủy triển khai nhiệm vụ năm mới", photos=1)
    return {
        "home": "/",
        "section": article.section.get_absolute_url(),
        "article": article.get_absolute_url(),
        "search": "/tim-kiem/?q=nhiem+vu",
        "not found": "/khong-co-trang-nay/",
        "admin login": reverse("admin:login"),
    }


def assert_security_headers(response, admin=False):
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    policy = dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in response["Content-Security-Policy"].split(";"))
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no inline script, no eval, no other origin
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert "upgrade-insecure-requests" in policy
    if admin:
        assert "'unsafe-inline'" in policy["style-src"]
    else:
        assert policy["style-src"] == "'self'"


def test_every_main_page_sends_every_security_header(production, client):
    """Home, section, article, search, a 404 and the admin login all carry the full set of headers."""
    for name, url in main_pages().items():
        response = client.get(url, secure=True, **READER)
        assert response.status_code in (200, 404), name
        assert_security_headers(response, admin=name == "admin login")


def test_cached_pages_carry_the_same_headers(production, settings, client):
    """A page served from the page cache has exactly the headers of the page first rendered."""
    settings.PORTAL_PAGE_CACHE = True
    SiteSettings.load()
    for name, url in main_pages().items():
        if name in ("not found", "admin login"):
            continue
        first = client.get(url, secure=True, **READER)
        again = client.get(url, secure=True, **READER)
        assert again["X-Page-Cache"] == "hit", name
        assert_security_headers(again)
        for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options", "Content-Type"):
            assert again[header] == first[header]


def test_public_pages_have_no_inline_script(production, client):
    """Every <script> on the main pages loads a file (or is JSON data): the CSP can forbid inline code."""
    pages = main_pages()
    pages.pop("admin login")
    for name, url in pages.items():
        html = client.get(url, secure=True, **READER).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html, re.IGNORECASE):
            assert "src=" in tag or re.search(r'type="application/(ld\+)?json"', tag), (name, tag)
        assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE), f"inline event handler on {name}"


def test_plain_http_is_redirected_to_https(production, client):
    """A reader who types http:// is sent to https:// (HSTS keeps them there afterwards)."""
    response = client.get("/", **READER)
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"
    assert client.get("/", HTTP_X_FORWARDED_PROTO="https", **READER).status_code == 200


def test_admin_cookies_are_secure_httponly_and_samesite(production, client):
    """The session and CSRF cookies never travel over HTTP nor reach scripts."""
    get_user_model().objects.create_user("bientap", password="Mat-khau-dai-2025", is_staff=True)
    login = reverse("admin:login")
    page = client.get(login, secure=True)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        login,
        {"username": "bientap", "password": "Mat-khau-dai-2025", "csrfmiddlewaretoken": csrf.value},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_check_deploy_is_clean_under_production_settings():
    """`manage.py check --deploy` reports nothing with DEBUG off, a real key and hosts."""
    env = {**os.environ, **PRODUCTION_ENV}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    """DEBUG off and no SECRET_KEY: the portal does not start with a guessable key."""
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        load_production_settings({"SECRET_KEY": ""})


def test_login_is_locked_after_the_configured_failures(settings, client):
    """After AXES_FAILURE_LIMIT wrong passwords, even the right one is refused, in Vietnamese."""
    settings.AXES_FAILURE_LIMIT = 3
    get_user_model().objects.create_user("bientap", password="Mat-khau-dai-2025", is_staff=True)
    login = reverse("admin:login")
    for _ in range(2):
        response = client.post(login, {"username": "bientap", "password": "sai"})
        assert response.status_code == 200  # the form again, with its error
    locked = client.post(login, {"username": "bientap", "password": "sai"})
    assert locked.status_code == 429
    again = client.post(login, {"username": "bientap", "password": "Mat-khau-dai-2025"})
    assert again.status_code == 429
    page = again.content.decode()
    assert "Tạm khóa đăng nhập" in page
    assert "30 phút" in page
    assert "_auth_user_id" not in client.session


def test_lockout_counts_the_address_nginx_saw(settings, client):
    """Behind nginx, failures are counted per reader address, not for the proxy as a whole."""
    settings.AXES_FAILURE_LIMIT = 2
    settings.PORTAL_PROXY_COUNT = 1
    login = reverse("admin:login")
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.7", "REMOTE_ADDR": "127.0.0.1"}
    for _ in range(2):
        client.post(login, {"username": "x", "password": "sai"}, **attacker)
    assert client.post(login, {"username": "x", "password": "sai"}, **attacker).status_code == 429
    # A forged X-Forwarded-For entry in front of the real one changes nothing.
    forged = {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.7", "REMOTE_ADDR": "127.0.0.1"}
    assert client.post(login, {"username": "x", "password": "sai"}, **forged).status_code == 429
    editor = {"HTTP_X_FORWARDED_FOR": "198.51.100.20", "REMOTE_ADDR": "127.0.0.1"}
    assert client.get(login, **editor).status_code == 200


def test_admin_lives_at_the_configured_address(settings, client):
    """The admin is not at /admin/ (scanners' first guess) but at ADMIN_URL."""
    assert reverse("admin:index") == "/" + settings.PORTAL_ADMIN_URL
    assert client.get("/admin/", **READER).status_code == 404


def test_oversized_posts_are_refused(client):
    """A request body beyond the upload limit gets a 400, not a worker stuck on it."""
    big = "x" * (6 * 1024 * 1024)
    response = Client(raise_request_exception=False).post(reverse("admin:login"), {"username": big, "password": "x"})
    assert response.status_code == 400


def boom(request):
    raise RuntimeError("secret detail: DATABASE_URL=postgres://portal:portal@db/portal")


urlpatterns = [path("loi/", boom), *portal_urlpatterns]
handler500 = "portal.errors.server_error"


@pytest.mark.urls("tests.portal.test_security")
def test_a_crash_shows_the_plain_500_page_never_a_traceback(production):
    """A bug gives readers the Vietnamese 500 page: no traceback, no setting, no exception text."""
    reader = Client(raise_request_exception=False)
    # A reader page first: its policy, built once per process, must not be the error page's.
    assert reader.get("/", secure=True, **READER)["Content-Security-Policy"]
    response = reader.get("/loi/", secure=True, **READER)
    assert response.status_code == 500
    page = response.content.decode()
    assert "Đã có lỗi xảy ra" in page
    for leak in ("Traceback", "RuntimeError", "secret detail", "DATABASE_URL", "SECRET_KEY"):
        assert leak not in page
    # Its inline CSS is allowed by hash, scripts stay forbidden.
    assert "'sha256-" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_hashed_static_files_are_served_with_far_future_caching(production, settings, production_static, client):
    """In production CSS and images get hashed names, compressed copies and a one-year cache."""
    settings.STATIC_ROOT = production_static
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "portal.storage.StaticStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = False
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_MAX_AGE = load_production_settings().WHITENOISE_MAX_AGE
    html = client.get("/", secure=True, **READER).content.decode()
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert css, "the stylesheet is linked by its hashed name"
    response = client.get(css.group(1), secure=True, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age >= 365 * 24 * 3600
    plain = client.get("/static/img/favicon.svg", secure=True)
    assert f"max-age={365 * 24 * 3600}" in plain["Cache-Control"]


def test_test_client_login_still_works(client):
    """Login throttling needs a request; code that logs in without one (tests) is not broken."""
    get_user_model().objects.create_user("bientap", password="Mat-khau-dai-2025", is_staff=True)
    assert client.login(username="bientap", password="Mat-khau-dai-2025")
