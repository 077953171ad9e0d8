"""The register through the page cache: filtered and searched pages stored whole, an edit shows at once."""

import pytest
from django.core.cache import cache

from news.models import SiteSettings
from tests.factories import make_document

pytestmark = pytest.mark.django_db

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile"}
FILTERED = "/van-ban/?loai=ke-hoach&co-quan=ban-thuong-vu-quan-uy&nam=2019&q=133"


@pytest.fixture(params=["locmem", "redis"])
def page_cache_on(request, settings):
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    settings.PORTAL_PAGE_CACHE = True
    cache.clear()
    SiteSettings.load()
    yield request.param
    cache.clear()


def get(client, url):
    return client.get(url, **READER)


@pytest.mark.parametrize("url", ["/van-ban/", FILTERED, "/van-ban/133-kh-qu/"])
def test_register_pages_are_served_from_the_cache(page_cache_on, client, django_assert_num_queries, url):
    """A second reader of the register, a filtered search, a document page: no database query."""
    make_document(number="133-KH/QU")
    assert get(client, url)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = get(client, url)
    assert again["X-Page-Cache"] == "hit" and "133-KH/QU" in again.content.decode()


def test_publishing_and_editing_show_at_once(page_cache_on, client):
    """A new document published, then a summary corrected: each on the cached pages at the next request."""
    first = make_document(number="133-KH/QU", summary="Kế hoạch ban đầu")
    get(client, "/van-ban/")
    get(client, first.get_absolute_url())
    draft = make_document(number="140-KH/QU", published=False)
    assert "140-KH/QU" not in get(client, "/van-ban/").content.decode()
    draft.publish()
    assert "140-KH/QU" in get(client, "/van-ban/").content.decode()
    first.summary = "Kế hoạch đã sửa"
    first.save()
    assert "Kế hoạch đã sửa" in get(client, first.get_absolute_url()).content.decode()


def test_an_unknown_parameter_bypasses_the_cache(page_cache_on, client):
    """?foo=1 is not one of the register's parameters: the page is rendered, never stored."""
    make_document()
    get(client, "/van-ban/?foo=1")
    assert get(client, "/van-ban/?foo=1").get("X-Page-Cache") != "hit"


def test_files_pass_through_the_page_cache_whole_and_unstored(page_cache_on, client):
    """With the page cache on, the PDF is streamed whole every time and never kept as a page."""
    document = make_document(number="133-KH/QU")
    for _ in range(2):
        response = get(client, document.file_url())
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert response.get("X-Page-Cache") != "hit"
