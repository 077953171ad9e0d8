import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from news.models import Article, DailyViews
from tests.factories import make_article

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Windows NT 10.0) Chrome/130 Safari/537.36"}


def views_of(article):
    return Article.objects.values_list("view_count", flat=True).get(pk=article.pk)


@pytest.mark.django_db
def test_each_reader_view_counts_once(client):
    """Three reader visits raise the counter by three, total and for today."""
    article = make_article()
    for _ in range(3):
        assert client.get(article.get_absolute_url(), **BROWSER).status_code == 200
    assert views_of(article) == 3
    assert DailyViews.objects.get(article=article, day=timezone.localdate()).views == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
        "",
    ],
)
def test_crawlers_are_not_counted(client, agent):
    """Search engines, link previews and scripts read the page without counting a view."""
    article = make_article()
    assert client.get(article.get_absolute_url(), HTTP_USER_AGENT=agent).status_code == 200
    assert views_of(article) == 0


@pytest.mark.django_db
def test_head_requests_are_not_counted(client):
    """A HEAD request does not count as a view."""
    article = make_article()
    assert client.head(article.get_absolute_url(), **BROWSER).status_code == 200
    assert views_of(article) == 0


@pytest.mark.django_db
def test_counting_does_not_touch_the_editors_data(client):
    """Counting a view leaves the article's text and modification time alone."""
    article = make_article(title="Tiêu đề gốc")
    before = Article.objects.get(pk=article.pk).updated_at
    Article.objects.filter(pk=article.pk).update(title="Tiêu đề biên tập viên vừa sửa")
    client.get(article.get_absolute_url(), **BROWSER)
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.title == "Tiêu đề biên tập viên vừa sửa" and fresh.updated_at == before


@pytest.mark.django_db(transaction=True)
def test_concurrent_views_are_all_counted():
    """60 readers opening the article at the same moment raise the counter by exactly 60."""
    article = make_article()
    url = article.get_absolute_url()
    readers = 60
    barrier = threading.Barrier(readers)
    statuses = []

    def read():
        try:
            barrier.wait(timeout=30)
            statuses.append(Client().get(url, **BROWSER).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert statuses == [200] * readers
    assert views_of(article) == readers
    assert DailyViews.objects.get(article=article).views == readers
