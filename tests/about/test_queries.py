"""Each introduction page costs a pinned number of queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from about.models import AgencyLink, Leader
from tests.factories import make_agency_link, make_article, make_department, make_intro_page, make_leader

pytestmark = pytest.mark.django_db
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 Chrome/130"}
# The English page reads its text, the leaders and the bodies; every other page one query.
EXPECTED = {
    "/gioi-thieu/": 1,
    "/gioi-thieu/trang-1/": 1,
    "/gioi-thieu/lanh-dao/": 1,
    "/gioi-thieu/lien-he/": 1,
    "/lien-ket/": 1,
    "/en/": 3,
}


def grow(start, stop):
    for i in range(start, stop):
        make_intro_page(f"Trang {i + 1}", slug=f"trang-{i + 1}", order=i)
        make_leader(f"Lãnh đạo {i}", photo=True, title_en="Member", order=i, group=list(Leader.Group)[i % 2])
        make_department(f"Ban {i}", name_en=f"Board {i}", order=i)
        make_agency_link(f"Cơ quan {i}", f"https://co-quan-{i}.example.vn", group=list(AgencyLink.Group)[i % 4])


def count_queries(client, url):
    client.get(url, **BROWSER)
    client.get(url, **BROWSER)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **BROWSER)
    assert response.status_code == 200
    return len([q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]])


def counts(client):
    return {url: count_queries(client, url) for url in EXPECTED}


def test_queries_are_pinned_and_do_not_grow_with_3_or_30_rows(client):
    """With 3 and with 30 leaders, pages, bodies and links, each page costs the same pinned queries."""
    grow(0, 3)
    small = counts(client)
    grow(3, 30)
    assert Leader.objects.count() == 30
    assert counts(client) == small == EXPECTED


def test_footer_links_cost_no_query_once_cached(client):
    """The home page with 30 links in its footer costs what it cost without them."""
    make_article(title="Hội nghị sơ kết")
    without = count_queries(client, "/")
    grow(0, 30)
    assert count_queries(client, "/") == without
    assert "Cơ quan 29" in client.get("/", **BROWSER).content.decode()
