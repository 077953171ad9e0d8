"""Redis going away and coming back: no reader waits on it, the database's cache stands in, and
nothing Redis kept from before the outage is served stale afterwards."""

import os
import secrets
import time

import pytest
import redis
from django.core.cache import cache

from news.models import SiteSettings
from pagecache.backends.redis import ResilientRedisCache
from tests.conftest import TEST_REDIS_URL, require_redis
from tests.factories import make_article
from tests.pagecache.test_faults import TcpRelay

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile"}


@pytest.fixture
def relayed_redis(settings, monkeypatch):
    """The Redis cache reached through a relay the test can cut, with a fallback cache."""
    require_redis()
    target = redis.Redis.from_url(TEST_REDIS_URL).connection_pool.connection_kwargs
    relay = TcpRelay((target["host"], target["port"]))
    relay.start()
    monkeypatch.setattr(ResilientRedisCache, "RETRY_AFTER", 0.05)
    ResilientRedisCache.breakers.clear()
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.redis.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{relay.port}/{target.get('db', 0)}",
            "KEY_PREFIX": f"breaker-{os.getpid()}-{secrets.token_hex(4)}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "FALLBACK": "stand-in"},
        },
        "stand-in": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "stand-in"},
    }
    settings.PORTAL_PAGE_CACHE = True
    yield relay
    if relay.listener:
        relay.cut()
    ResilientRedisCache.breakers.clear()


def wait_until_closed():
    deadline = time.monotonic() + 10
    while cache.is_down():
        assert time.monotonic() < deadline, "the breaker did not close once Redis was back"
        time.sleep(0.02)


def test_while_redis_is_away_the_stand_in_answers_and_no_call_tries_redis(relayed_redis, monkeypatch):
    """After the first failed call, reads and writes go to the fallback cache, none to Redis."""
    monkeypatch.setattr(ResilientRedisCache, "RETRY_AFTER", 3600.0)  # no probe during the test
    cache.set("before", "kept in Redis")
    relayed_redis.cut()
    cache.set("during", "first call: it fails, the breaker opens")
    assert cache.is_down()
    tries = []
    real_connect = redis.connection.AbstractConnection.connect
    monkeypatch.setattr(
        redis.connection.AbstractConnection, "connect", lambda self: tries.append(1) or real_connect(self)
    )
    for n in range(50):
        cache.set(f"key-{n}", n)
        assert cache.get(f"key-{n}") == n
    assert cache.get_many(["key-1", "key-2"]) == {"key-1": 1, "key-2": 2}
    assert tries == [], "a reader's call tried Redis while the breaker was open"


@pytest.mark.django_db
def test_an_edit_made_while_redis_was_away_shows_once_it_is_back(relayed_redis, client):
    """A page Redis stored before the outage is not served after it when the article changed meanwhile."""
    SiteSettings.load()
    article = make_article(title="Khai mạc Đại hội Đảng bộ phường")
    url = article.get_absolute_url()
    client.get(url, **READER)
    assert client.get(url, **READER)["X-Page-Cache"] == "hit"  # stored in Redis
    relayed_redis.cut()
    article.title = "Bế mạc Đại hội Đảng bộ phường"
    article.save()
    assert "Bế mạc" in client.get(url, **READER).content.decode()  # from the stand-in
    relayed_redis.start()
    wait_until_closed()
    body = client.get(url, **READER).content.decode()
    assert "Bế mạc" in body and "Khai mạc" not in body
    assert not cache.is_down()


@pytest.mark.django_db
def test_views_are_counted_exactly_across_an_outage(relayed_redis, client, settings):
    """Views go to Redis, then straight to PostgreSQL while it is away, then to Redis again: each once."""
    from news import view_counts

    article = make_article(title="Lễ ra quân nhập ngũ năm 2026")
    url = article.get_absolute_url()
    for _ in range(3):
        client.get(url, **READER)
    relayed_redis.cut()
    for _ in range(4):
        assert client.get(url, **READER).status_code == 200
    relayed_redis.start()
    wait_until_closed()
    for _ in range(2):
        client.get(url, **READER)
    assert view_counts.flush_all()[1]
    article.refresh_from_db()
    assert article.view_count == 9
