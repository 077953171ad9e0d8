"""The introduction through the page cache: stored whole, and an edit shows on the next request."""

import pytest
from django.core.cache import cache

from news.models import SiteSettings
from tests.factories import make_agency_link, make_article, make_leader

pytestmark = pytest.mark.django_db

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile"}


@pytest.fixture(params=["locmem", "redis"])
def page_cache_on(request, settings):
    """The page cache switched on, over local memory and over a real Redis."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    settings.PORTAL_PAGE_CACHE = True
    cache.clear()
    SiteSettings.load()
    yield request.param
    cache.clear()


def get(client, url):
    return client.get(url, **READER)


def test_introduction_pages_are_served_from_the_cache(page_cache_on, client, django_assert_num_queries):
    """A second reader of the leaders page costs the database nothing."""
    make_leader("Trần Minh Khoa")
    assert get(client, "/gioi-thieu/lanh-dao/")["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = get(client, "/gioi-thieu/lanh-dao/")
    assert again["X-Page-Cache"] == "hit"
    assert "Trần Minh Khoa" in again.content.decode()


def test_editing_a_link_shows_in_the_home_pages_footer_at_once(page_cache_on, client):
    """An editor renames a link: the cached home page's footer shows the new name on the next request."""
    make_article(title="Hội nghị sơ kết")
    link = make_agency_link("Cổng thông tin thành phố")
    assert "Cổng thông tin thành phố" in get(client, "/").content.decode()
    assert get(client, "/")["X-Page-Cache"] == "hit"
    link.name = "Cổng thông tin điện tử thành phố Hà Nội"
    link.save()
    response = get(client, "/")
    assert response["X-Page-Cache"] == "miss"
    html = response.content.decode()
    assert "Cổng thông tin điện tử thành phố Hà Nội" in html and "Cổng thông tin thành phố<" not in html


def test_editing_a_link_renews_the_footer_fragment_of_a_rendered_page(settings, client):
    """With whole pages not cached, the footer fragment itself is renewed by an edit, and by a deletion."""
    link = make_agency_link("Phường Hòa Bình")
    client.get("/", **READER)  # the footer fragment is stored
    link.name = "Phường Hòa Bình (mới)"
    link.save()
    assert "Phường Hòa Bình (mới)" in client.get("/", **READER).content.decode()
    link.delete()
    assert "Phường Hòa Bình" not in client.get("/", **READER).content.decode()


def test_editing_a_leader_shows_at_once(page_cache_on, client):
    """A leader's new position is on the cached leaders page at the next request."""
    leader = make_leader("Trần Minh Khoa", title="Phó Bí thư Quận ủy")
    get(client, "/gioi-thieu/lanh-dao/")
    leader.title = "Bí thư Quận ủy"
    leader.save()
    assert '<p class="leader-title">Bí thư Quận ủy</p>' in get(client, "/gioi-thieu/lanh-dao/").content.decode()
