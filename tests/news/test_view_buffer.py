"""View counts buffered in Redis (news/view_buffer.py): none lost, none counted twice."""

import threading
import time
from unittest import mock

import pytest
import redis
from django.core.cache import cache
from django.db import OperationalError, connection

from news import view_counts as view_buffer
from news.models import DailyViews, ViewBatch
from news.view_counts import record_view
from pagecache.backends.redis import ResilientRedisCache
from tests.factories import make_article, views_in_database

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _flushed_by_the_tests(settings):
    settings.PORTAL_VIEW_BUFFER_SECONDS = 3600  # flushed by the tests, not by a due view


def key(name):
    return cache.make_key(f"views:{name}")


def buffered():
    client = cache._cache.get_client(write=True)
    return {k.decode(): int(v) for k, v in client.hgetall(key("pending")).items()}


def test_views_wait_in_redis_and_reach_the_database_in_one_batch(redis_cache):
    article = make_article()
    assert [record_view(article.pk) for _ in range(3)] == [1, 2, 3]
    article.refresh_from_db()
    assert article.view_count == 1  # the first view of the interval wrote the buffer, the others wait
    assert sum(buffered().values()) == 2
    assert view_buffer.flush() == 2
    assert buffered() == {}
    assert views_in_database(article) == 3
    assert record_view(article.pk) == 4  # the total goes on from the database


def test_the_view_that_makes_a_flush_due_writes_the_buffer(redis_cache, settings):
    settings.PORTAL_VIEW_BUFFER_SECONDS = 0.05
    article = make_article()
    record_view(article.pk)  # the first view of an interval writes
    record_view(article.pk)
    article.refresh_from_db()
    assert article.view_count == 1
    time.sleep(0.06)
    record_view(article.pk)
    article.refresh_from_db()
    assert article.view_count == 3


def test_a_missing_total_is_started_from_the_database_and_the_buffer(redis_cache):
    article = make_article()
    for _ in range(5):
        record_view(article.pk)
    view_buffer.flush()
    record_view(article.pk)
    cache._cache.get_client(write=True).delete(key(f"total:{article.pk}"))  # expired
    assert record_view(article.pk) == 7  # 5 in the database + 1 pending + this one


def test_a_database_outage_keeps_the_views_for_the_next_flush(redis_cache):
    article = make_article()
    for _ in range(4):
        record_view(article.pk)  # the first is written, three wait
    with mock.patch.object(view_buffer, "write", side_effect=OperationalError("server closed the connection")):
        assert view_buffer.flush() == 0
    record_view(article.pk)  # a view while the failed batch waits
    assert views_in_database(article) == 5


def test_a_flush_retried_after_its_commit_does_not_count_twice(redis_cache):
    """The batch was written but Redis failed before it could be dropped: the retry finds the
    batch's token in the database and only drops it."""
    article = make_article()
    client = cache._cache.get_client(write=True)
    client.set(key("flush-due"), "1")  # no view writes: the test does
    for _ in range(3):
        record_view(article.pk)
    real = view_buffer._run

    def failing_done(backend, script, keys, args):
        if script is view_buffer._DONE:
            raise redis.exceptions.ConnectionError("Redis went away")
        return real(backend, script, keys, args)

    with mock.patch.object(view_buffer, "_run", side_effect=failing_done):
        assert view_buffer.flush() == 3
    ResilientRedisCache.breakers.clear()
    assert ViewBatch.objects.count() == 1
    client.delete(key("flush-lock"))  # as its expiry would
    assert views_in_database(article) == 3
    assert not client.exists(key("batch"))


def test_views_of_a_deleted_article_are_dropped_without_error(redis_cache):
    kept, deleted = make_article(), make_article()
    record_view(kept.pk)
    record_view(deleted.pk)
    deleted.delete()
    view_buffer.flush()
    assert views_in_database(kept) == 1
    assert not DailyViews.objects.filter(article_id=deleted.pk).exists()
    assert buffered() == {}


def test_without_redis_views_go_straight_to_the_database(redis_cache, settings):
    settings.CACHES = {
        "default": {"BACKEND": "pagecache.backends.redis.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    article = make_article()
    try:
        assert record_view(article.pk) == 1
        article.refresh_from_db()
        assert article.view_count == 1
    finally:
        ResilientRedisCache.breakers.clear()


@pytest.mark.django_db(transaction=True)
def test_concurrent_views_and_flushes_count_every_view_once(redis_cache, settings):
    """Eight readers at once, while views keep making flushes due: exactly every view is written."""
    settings.PORTAL_VIEW_BUFFER_SECONDS = 0.01
    articles = [make_article(), make_article()]
    shown, errors = [], []

    def reader(article):
        try:
            for _ in range(60):
                shown.append((article.pk, record_view(article.pk)))
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=reader, args=(articles[i % 2],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert [views_in_database(a) for a in articles] == [240, 240]
    for article in articles:  # each reader was shown a different total, up to the last view
        totals = sorted(total for pk, total in shown if pk == article.pk)
        assert totals == list(range(1, 241))


def test_flush_views_command_writes_what_readers_left_in_redis(redis_cache):
    """The timer's command: views buffered during a quiet moment reach the database."""
    from io import StringIO

    from django.core.management import call_command

    article = make_article()
    client = cache._cache.get_client(write=True)
    client.set(key("flush-due"), "1")  # no reader's view writes the buffer
    for _ in range(4):
        record_view(article.pk)
    out = StringIO()
    call_command("flush_views", stdout=out)
    assert out.getvalue().strip() == "4 views written."
    article.refresh_from_db()
    assert article.view_count == 4
    assert buffered() == {}
