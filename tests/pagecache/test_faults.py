"""Faults: PostgreSQL or Redis going away while the portal serves readers.

The database outage is played for real: the portal runs under gunicorn (one worker, its
persistent connection, production settings) and reaches PostgreSQL through a TCP relay that
the test cuts and restores, the way a database restart or a network failure looks to it.
"""

import json
import os
import secrets
import select
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Sum

from news.models import Article, DailyViews, SiteSettings
from pagecache.backends.redis import ResilientRedisCache
from pagecache.generation import PAGES
from tests.conftest import require_redis
from tests.factories import make_article, make_section

BASE_DIR = Path(__file__).resolve().parents[2]
READER_AGENT = "Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile"


class TcpRelay:
    """Forwards a local port to a server; cut() drops every connection and refuses new ones."""

    def __init__(self, target):
        self.target = target
        self.port = free_port()
        self.pairs = []
        self.listener = None
        self.lock = threading.Lock()

    def start(self):
        deadline = time.monotonic() + 5
        while True:  # the port of a relay just cut may take a moment to be free again
            try:
                self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.listener.settimeout(0.2)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def cut(self):
        listener, self.listener = self.listener, None
        listener.close()
        with self.lock:
            for a, b in self.pairs:
                for sock in (a, b):
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    sock.close()
            self.pairs.clear()

    def _accept(self, listener):
        while self.listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if self.listener is not listener:  # accepted while being cut
                client.close()
                return
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.pairs.append((client, upstream))
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()

    @staticmethod
    def _pipe(a, b):
        try:
            while True:
                ready, _, _ = select.select([a, b], [], [], 1)
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (b if sock is a else a).sendall(data)
        except (OSError, ValueError):
            return
        finally:
            a.close()
            b.close()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Portal:
    """The portal under gunicorn with production settings, in a subprocess."""

    def __init__(self, env, tmp_path, workers=1):
        self.port = free_port()
        self.log = open(tmp_path / "gunicorn.log", "w+")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi",
                "-c",
                "portal/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            assert self.process.poll() is None, self.output()
            time.sleep(0.2)
        raise AssertionError("gunicorn did not start:\n" + self.output())

    def get(self, path):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            headers={"User-Agent": READER_AGENT, "X-Forwarded-Proto": "https", "Host": "quanuy.example.vn"},
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        return sorted(children.split())

    def output(self):
        if self.log.closed:  # after stop(): what gunicorn wrote is still in its file
            return Path(self.log.name).read_text()[-5000:]
        self.log.flush()
        self.log.seek(0)
        return self.log.read()[-5000:]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def portal_env(tmp_path, production_static, database_url, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="quanuy.example.vn,127.0.0.1",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="600",
        STATIC_ROOT=str(production_static),
        MEDIA_ROOT=str(tmp_path / "media"),
        GUNICORN_ACCESSLOG="",
        LOG_LEVEL="CRITICAL",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def article_views(article):
    article.refresh_from_db()
    daily = DailyViews.objects.filter(article=article).aggregate(n=Sum("views"))["n"] or 0
    assert daily == article.view_count, "the day's count and the total must agree"
    return article.view_count


@pytest.mark.django_db(transaction=True)
def test_database_outage_gives_a_503_and_the_site_recovers_by_itself(tmp_path, production_static):
    """PostgreSQL goes away: readers get the Vietnamese 503 (pages Redis holds still reach them),
    then the same worker serves again when it is back, and every view answered with a 200 was
    counted, none twice."""
    SiteSettings.load()
    section = make_section("Tin tức - Sự kiện")
    article = make_article(section=section, title="Khai mạc Đại hội Đảng bộ quận")
    db = connection.settings_dict
    relay = TcpRelay((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    relay.start()
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@127.0.0.1:{relay.port}/{db['NAME']}"
    env = portal_env(
        tmp_path,
        production_static,
        url,
        PAGE_CACHE="true",
        REDIS_URL=require_redis(),
        CACHE_KEY_PREFIX=f"outage-{os.getpid()}-{secrets.token_hex(4)}",
        VIEW_BUFFER_SECONDS="0",  # each view straight to PostgreSQL: counted in the database or refused
    )
    portal = Portal(env, tmp_path)
    accepted = 0
    try:
        workers = portal.worker_pids()
        for _ in range(5):
            status, headers, body = portal.get(article.get_absolute_url())
            assert status == 200
            accepted += 1
        assert portal.get("/")[0] == 200  # now in the page cache

        relay.cut()
        status, headers, body = portal.get(article.get_absolute_url())
        assert status == 503
        assert "Cổng thông tin tạm thời gián đoạn" in body
        assert "Traceback" not in body and "OperationalError" not in body
        assert headers["Retry-After"] == "30"
        assert "no-cache" in headers["Cache-Control"]
        assert portal.get(section.get_absolute_url() + "?page=1")[0] == 503
        health_status, _, health = portal.get("/healthz")
        assert health_status == 503
        assert json.loads(health)["checks"]["database"] == "error"
        # Pages already in the cache still reach readers; articles do not, as their view
        # could not be counted.
        status, headers, body = portal.get("/")
        assert status == 200 and headers["X-Page-Cache"] == "hit"
        for _ in range(3):
            assert portal.get(article.get_absolute_url())[0] == 503

        relay.start()
        for _ in range(5):
            status, headers, body = portal.get(article.get_absolute_url())
            assert status == 200, body[:300]
            accepted += 1
        assert portal.get("/healthz")[0] == 200
        assert portal.worker_pids() == workers, "recovered without restarting the worker"
    finally:
        portal.stop()
        if relay.listener:
            relay.cut()
    assert article_views(article) == accepted


@pytest.mark.django_db(transaction=True)
def test_cached_articles_keep_counting_in_redis_while_the_database_is_away(tmp_path, production_static):
    """With Redis, a cached article is still served during a PostgreSQL outage, its views kept
    in Redis; when the database returns they are written, every one, none twice."""
    redis_url = require_redis()
    SiteSettings.load()
    article = make_article(section=make_section("Tin tức - Sự kiện"), title="Bế mạc Đại hội")
    db = connection.settings_dict
    relay = TcpRelay((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    relay.start()
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@127.0.0.1:{relay.port}/{db['NAME']}"
    env = portal_env(
        tmp_path,
        production_static,
        url,
        PAGE_CACHE="true",
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=f"faults-{secrets.token_hex(4)}",
        VIEW_BUFFER_SECONDS="0.2",
        LOG_LEVEL="WARNING",
    )
    portal = Portal(env, tmp_path)
    shown = []
    try:
        for _ in range(3):
            status, headers, body = portal.get(article.get_absolute_url())
            assert status == 200
            shown.append(body)
        relay.cut()
        for _ in range(4):
            time.sleep(0.1)  # some of them make a flush due: it fails and keeps the views
            status, headers, body = portal.get(article.get_absolute_url())
            assert status == 200 and headers["X-Page-Cache"] == "hit"
            shown.append(body)
        relay.start()
        time.sleep(0.3)
        status, headers, body = portal.get(article.get_absolute_url())  # due: writes everything
        assert status == 200
        shown.append(body)
    finally:
        portal.stop()
        if relay.listener:
            relay.cut()
    assert [f"Lượt xem: {n}</span>" in body for n, body in enumerate(shown, 1)] == [True] * 8
    assert article_views(article) == 8, (tmp_path / "gunicorn.log").read_text()[-3000:]


@pytest.fixture
def redis_down(settings):
    """REDIS_URL pointing at a port where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.redis.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/4",
        }
    }
    settings.PORTAL_PAGE_CACHE = True
    yield
    ResilientRedisCache.breakers.clear()
    PAGES.pending = False  # an invalidation left to retry belongs to this test only


@pytest.mark.django_db
def test_pages_are_served_from_the_database_when_redis_is_down(redis_down, client):
    """Redis unreachable: every page still answers, from the database, and views still count."""
    article = make_article(title="Bài viết khi Redis ngừng", photos=1)
    pages = ["/", article.section.get_absolute_url(), "/tim-kiem/?q=redis", article.get_absolute_url()]
    for url in pages:
        response = client.get(url, HTTP_USER_AGENT=READER_AGENT)
        assert response.status_code == 200, url
    for n in (2, 3, 4):
        response = client.get(article.get_absolute_url(), HTTP_USER_AGENT=READER_AGENT)
        assert f"Lượt xem: {n}</span>" in response.content.decode()
    assert article_views(article) == 4


@pytest.mark.django_db
def test_editing_while_redis_is_down_still_works(redis_down, client):
    """An editor can publish while Redis is down; the invalidation is retried when it returns."""
    article = make_article(title="Bản nháp", status=Article.Status.DRAFT)
    article.status = Article.Status.PUBLISHED
    article.save()
    assert PAGES.pending
    assert "Bản nháp" in client.get("/", HTTP_USER_AGENT=READER_AGENT).content.decode()


@pytest.mark.django_db
def test_health_reports_a_redis_outage_without_failing(redis_down, client):
    """Redis down: the health check says "degraded" but stays 200 (pages are still served)."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {**response.json(), "status": "degraded"}
    assert response.json()["checks"] == {"database": "ok", "cache": "error"}
