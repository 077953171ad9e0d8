"""The number of SQL queries of each reader page is pinned and does not grow with the content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 Chrome/130"}


def count_queries(client, url, **extra):
    # Warm the caches (settings, menu, fragments). Twice: the first request may create the site
    # settings, and a change of them makes every cached fragment stale.
    client.get(url, **extra)
    client.get(url, **extra)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200
    # Savepoints exist only because each test runs inside a transaction.
    return len([q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]])


def grow(sections, articles_per_section, photos):
    made = []
    for s in range(sections):
        section = make_section(f"Chuyên mục {s}")
        made += [
            make_article(
                section=section, photos=photos, photo_size=(200, 133), is_featured=n == 0, days=n, authors=("A", "B")
            )
            for n in range(articles_per_section)
        ]
    return made


@pytest.mark.parametrize("page", ["home", "section", "article"])
def test_queries_do_not_grow_with_content(client, page):
    """Ten times more sections, articles and photos cost no extra query."""

    def url(articles):
        if page == "home":
            return "/"
        if page == "section":
            return articles[0].section.get_absolute_url()
        return articles[0].get_absolute_url()

    small = count_queries(client, url(grow(1, 2, 1)), **BROWSER)
    big = count_queries(client, url(grow(6, 4, 3)), **BROWSER)
    assert small == big


# Pinned figures: a change here is a change in the cost of every page view.
# The home page takes one query (the sections with their newest articles' ids and versions, all
# their cached cards need, and on each row those of the featured and newest articles), an article
# two (its view count, and the article with the references of its related articles), a section
# page one (the section with its number of articles and the references of the page's). An
# article's byline and photos are only queried when its cached fragments are missing.
EXPECTED = {"home": 1, "section": 1, "article": 2}


def test_pinned_query_counts(client):
    """Home, section and article pages run a small, known number of queries."""
    articles = grow(3, 4, 2)
    counts = {
        "home": count_queries(client, "/", **BROWSER),
        "section": count_queries(client, articles[0].section.get_absolute_url(), **BROWSER),
        "article": count_queries(client, articles[0].get_absolute_url(), **BROWSER),
    }
    assert counts == EXPECTED
