"""Reading a page's cache keys ahead, in one round trip (pagecache.middleware.ReadAheadMiddleware)."""

import pytest
from django.core.cache import cache

from pagecache.backends.redis import _ReusedClient
from pagecache.middleware import ReadAheadMiddleware
from tests.factories import make_article

pytestmark = pytest.mark.django_db

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36"}


@pytest.fixture
def rendered(redis_cache, settings):
    """Every page rendered by Django (no whole-page cache), over Redis; counts its round trips."""
    settings.PORTAL_PAGE_CACHE = False
    settings.PORTAL_VIEW_BUFFER_SECONDS = 0  # views straight to the database: no script calls
    calls = []
    original = _ReusedClient.get_many_raw

    def counted(self, keys):
        calls.append(list(keys))
        return original(self, keys)

    _ReusedClient.get_many_raw = counted
    yield calls
    _ReusedClient.get_many_raw = original


def test_a_page_rendered_again_reads_the_cache_once(client, rendered):
    article = make_article(title="Hội nghị Ban Chấp hành Đảng bộ quận", photos=1)
    url = article.get_absolute_url()
    client.get(url, **READER)  # stores the fragments
    rendered.clear()
    second = client.get(url, **READER)
    assert len(rendered) > 3  # settings, structure, fragments, boxes: one after the other
    rendered.clear()
    third = client.get(url, **READER)
    assert len(rendered) == 1, "one round trip for every key the page reads"
    assert "Lượt xem: 3" in third.content.decode()
    assert third.content.replace(b"xem: 3", b"xem: 2") == second.content


def test_an_article_view_counts_and_reads_in_one_round_trip(client, redis_cache, settings, monkeypatch):
    """With views buffered in Redis, the view count's script carries the page's reads: an article
    rendered again costs one Redis round trip, and shows its exact count."""
    settings.PORTAL_PAGE_CACHE = False
    settings.PORTAL_VIEW_BUFFER_SECONDS = 3600  # no flush during the test
    trips = []
    reads, scripts = _ReusedClient.get_many_raw, _ReusedClient.run_script
    monkeypatch.setattr(_ReusedClient, "get_many_raw", lambda self, keys: trips.append("get") or reads(self, keys))
    monkeypatch.setattr(
        _ReusedClient,
        "run_script",
        lambda self, script, keys, args, read=(): (
            trips.append(("script", len(read))) or scripts(self, script, keys, args, read=read)
        ),
    )
    article = make_article(title="Hội nghị Ban Chấp hành Đảng bộ quận", photos=1)
    url = article.get_absolute_url()
    client.get(url, **READER)
    second = client.get(url, **READER)
    trips.clear()
    third = client.get(url, **READER)
    assert len(trips) == 1 and trips[0][0] == "script" and trips[0][1] > 3, trips
    assert "Lượt xem: 3" in third.content.decode()
    assert third.content.replace(b"xem: 3", b"xem: 2") == second.content


def test_an_edit_shows_on_the_next_render(client, rendered):
    """What was read ahead is keyed by version: the edited article's new fragments are read."""
    article = make_article(title="Hội nghị sơ kết quý III")
    url = article.get_absolute_url()
    client.get(url, **READER)
    client.get(url, **READER)
    article.title = "Hội nghị sơ kết 9 tháng đầu năm"
    article.save()
    page = client.get(url, **READER).content.decode()
    assert "Hội nghị sơ kết 9 tháng đầu năm" in page
    assert "quý III" not in page
    article.section.name = "Tin hoạt động"
    article.section.save()
    assert "Tin hoạt động" in client.get(url, **READER).content.decode()


def test_a_write_during_the_request_is_read_back(redis_cache):
    made = cache.make_and_validate_key("box")
    cache.set("box", "before")
    cache.begin_reading([made])
    try:
        assert cache.get("box") == "before"
        cache.set("box", "after")
        assert cache.get("box") == "after"
    finally:
        assert cache.end_reading() == [made, made]


def test_values_read_ahead_are_fresh_objects(redis_cache):
    """Two reads of one key in a request never share an object one of them could change."""
    made = cache.make_and_validate_key("lists")
    cache.set("lists", [1, 2])
    cache.begin_reading([made])
    try:
        first = cache.get("lists")
        first.append(3)
        assert cache.get("lists") == [1, 2]
    finally:
        cache.end_reading()


def test_an_unreachable_redis_reads_nothing_ahead(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.redis.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    cache.begin_reading(["key"])
    try:
        assert cache.get("key", "fallback") == "fallback"
    finally:
        cache.end_reading()
        cache.breakers.clear()


def test_one_off_addresses_do_not_push_out_a_page_read_again_and_again(client, rendered, monkeypatch):
    """Searches each read once (a flood of them) evict the least recently rendered address first."""
    monkeypatch.setattr(ReadAheadMiddleware, "MAX_ADDRESSES", 3)
    article = make_article(title="Hội nghị tổng kết năm")
    url = article.get_absolute_url()
    client.get(url, **READER)
    client.get(url, **READER)
    for n in range(6):
        client.get(f"/tim-kiem/?q=tin+{n}", **READER)
        rendered.clear()
        client.get(url, **READER)
        assert len(rendered) == 1, n
