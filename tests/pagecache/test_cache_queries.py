"""Uncached pages stay cheap: a constant, small number of queries, whatever the content."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Article, SiteSettings
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile"}


def queries_for(client, url):
    client.get(url, **READER)  # fills the small shared caches (menu, site, most read)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **READER)
    assert response.status_code == 200
    return [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]


def test_home_shows_the_newest_published_articles_of_each_section(client):
    """Each section block lists its four newest published articles, newest first."""
    SiteSettings.load()
    now = timezone.now()
    party = make_section("Xây dựng Đảng")
    city = make_section("Kinh tế – Đô thị")
    for days in range(6):
        make_article(section=party, title=f"Xây dựng Đảng {days} ngày trước", days=days)
    make_article(section=city, title="Đô thị duy nhất")
    make_article(section=party, title="Bản nháp không hiện", status=Article.Status.DRAFT)
    make_article(section=party, title="Hẹn giờ không hiện", published_at=now + timedelta(hours=1))
    html = client.get("/", **READER).content.decode()
    block = html[html.index('id="block-xay-dung-dang"') :]
    block = block[: block.index("</section>")]
    shown = [f"Xây dựng Đảng {d} ngày trước" for d in range(4)]
    assert [block.index(title) for title in shown] == sorted(block.index(title) for title in shown)
    assert "Xây dựng Đảng 4 ngày trước" not in block
    assert "Đô thị duy nhất" in html
    assert "Bản nháp không hiện" not in html and "Hẹn giờ không hiện" not in html


def test_home_queries_do_not_grow_with_sections_or_articles(client):
    """Twice the sections and articles: the same number of queries for the home page."""
    SiteSettings.load()
    for _ in range(3):
        section = make_section()
        for _ in range(3):
            make_article(section=section, cover=False)
    few = queries_for(client, "/")
    for _ in range(3):
        section = make_section()
        for _ in range(5):
            make_article(section=section)
    assert len(queries_for(client, "/")) == len(few) <= 5


def test_uncached_article_page_needs_at_most_five_queries(client):
    """An article with photos and co-authors: five queries including its view count."""
    SiteSettings.load()
    article = make_article(photos=3, authors=("Huyền Anh", "Minh Đức"))
    for _ in range(3):
        make_article(section=article.section)
    statements = queries_for(client, article.get_absolute_url())
    assert len(statements) <= 5, statements
