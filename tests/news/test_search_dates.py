"""The search's date filters in dd/mm/yyyy whatever the browser, and its pages through the page cache."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from news.models import SiteSettings
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SEARCH = reverse("news:search")
READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile"}


def titles(response):
    found = re.findall(r'<h2 class="card-title"><a [^>]*>(.*?)</a></h2>', response.content.decode(), re.S)
    return [re.sub(r"</?mark>", "", title) for title in found]


@pytest.fixture
def dated(settings):
    from datetime import datetime

    from django.utils import timezone

    for title, day in (("Hội nghị tháng Tám", (2025, 8, 20)), ("Hội nghị tháng Chín", (2025, 9, 2))):
        make_article(title=title, published_at=timezone.make_aware(datetime(*day, 9)))


def test_the_date_fields_are_text_in_day_month_year(client):
    """Not type=date: a phone set to English would show mm/dd/yyyy."""
    html = client.get(SEARCH).content.decode()
    for name in ("from", "to"):
        field = re.search(rf'<input [^>]*name="{name}"[^>]*>', html).group(0)
        assert 'type="text"' in field and 'placeholder="nn/tt/nnnn"' in field and "pattern=" in field
    assert "ngày/tháng/năm" in html  # the hint, in Vietnamese


def test_dates_typed_day_first_filter_the_results(client, dated):
    response = client.get(SEARCH, {"q": "hoi nghi", "from": "01/09/2025", "to": "30/9/2025"})
    assert titles(response) == ["Hội nghị tháng Chín"]
    html = response.content.decode()
    assert 'value="01/09/2025"' in html and 'value="30/09/2025"' in html  # shown back the same way


@pytest.mark.parametrize("bad", ["31/02/2025", "2025/09/01", "13/13/2025", "01/01/99999", "hôm qua", "0/0/0", "%00"])
def test_a_bad_date_is_a_vietnamese_form_error_never_a_500(client, dated, bad):
    response = client.get(SEARCH, {"q": "hoi nghi", "from": bad})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ngày này không hợp lệ" in html
    assert len(titles(response)) == 2  # the filter is ignored, the search still answers


def test_a_date_before_1900_is_out_of_range(client, dated):
    response = client.get(SEARCH, {"q": "hoi nghi", "from": "01/01/1800"})
    assert response.status_code == 200 and len(titles(response)) == 2


@pytest.fixture
def page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE = True
    cache.clear()
    SiteSettings.load()
    yield
    cache.clear()


@pytest.mark.parametrize(
    "query", ["q=&from=", "q=&section=&from=&to=", "q=hoi+nghi&from=01%2F09%2F2025&to=", "from=99%2F99%2F2025"]
)
def test_search_addresses_with_filters_use_the_page_cache(
    page_cache_on, client, dated, django_assert_num_queries, query
):
    """Empty or filled filters: the second reader gets the stored page, without a query."""
    first = client.get(f"{SEARCH}?{query}", **READER)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = client.get(f"{SEARCH}?{query}", **READER)
    assert again.status_code == 200 and again["X-Page-Cache"] == "hit"
