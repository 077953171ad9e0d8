"""News by date ("Tin theo ngày"): a back-dated article found by its day and its month."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from news.models import Article, SiteSettings
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile"}


def at(day, hour=9, minute=30):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def test_a_back_dated_article_is_found_on_its_day_and_month(client):
    old = make_article(title="Hội nghị sơ kết năm 2020", published_at=at(datetime.date(2020, 3, 26)))
    make_article(title="Tin của ngày khác", published_at=at(datetime.date(2020, 3, 27)))

    day = client.get("/tin-theo-ngay/2020/03/26/").content.decode()
    assert "Tin ngày 26/03/2020" in day and old.title in day
    assert "Tin của ngày khác" not in day
    assert "1 bài viết đăng ngày 26/03/2020" in day

    month = client.get("/tin-theo-ngay/2020/03/").content.decode()
    assert old.title in month and "Tin của ngày khác" in month
    assert 'href="/tin-theo-ngay/2020/03/26/"' in month and 'href="/tin-theo-ngay/2020/03/27/"' in month
    assert 'href="/tin-theo-ngay/2020/03/25/"' not in month  # a day without news is not a link


def test_days_are_vietnams_days(client):
    """23:30 in Hanoi on the 26th is the 26th, though it is 16:30 UTC."""
    make_article(title="Bài đăng khuya", published_at=at(datetime.date(2020, 3, 26), 23, 30))
    assert "Bài đăng khuya" in client.get("/tin-theo-ngay/2020/03/26/").content.decode()
    assert "Bài đăng khuya" not in client.get("/tin-theo-ngay/2020/03/27/").content.decode()


def test_unpublished_and_scheduled_articles_are_not_listed(client):
    make_article(title="Bản nháp", status=Article.Status.DRAFT, published_at=at(timezone.localdate()))
    make_article(title="Hẹn giờ ngày mai", days=-1)
    today = timezone.localdate()
    html = client.get(f"/tin-theo-ngay/{today:%Y}/{today:%m}/{today:%d}/").content.decode()
    assert "Bản nháp" not in html and "Hẹn giờ ngày mai" not in html


def test_the_form_goes_to_the_day_typed_as_dd_mm_yyyy(client):
    response = client.get("/tin-theo-ngay/", {"ngay": "26/03/2020"})
    assert response.status_code == 302 and response["Location"] == "/tin-theo-ngay/2020/03/26/"


@pytest.mark.parametrize("typed", ["2020-03-26", "31/02/2020", "hôm qua", "", "<script>alert(1)</script>"])
def test_a_bad_day_gets_a_vietnamese_form_error(client, typed):
    response = client.get("/tin-theo-ngay/", {"ngay": typed})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nhập ngày theo dạng dd/mm/yyyy" in html
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("url", ["/tin-theo-ngay/2020/02/30/", "/tin-theo-ngay/2020/13/", "/tin-theo-ngay/2020/00/01/"])
def test_impossible_dates_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_the_index_shows_this_month(client):
    make_article(title="Tin hôm nay")
    today = timezone.localdate()
    html = client.get("/tin-theo-ngay/").content.decode()
    assert f"Tin tháng {today:%m/%Y}" in html and "Tin hôm nay" in html


@pytest.mark.parametrize("count", [1, 25])
def test_a_month_costs_the_same_queries_whatever_it_holds(client, django_assert_num_queries, count):
    section = make_section()
    for n in range(count):
        make_article(section=section, published_at=at(datetime.date(2020, 3, 1 + n % 28)))
    client.get("/tin-theo-ngay/2020/03/")  # the site settings and menu, cached from here on
    with django_assert_num_queries(4):  # the days' counts, the page's count, its cards, the footer's links
        client.get("/tin-theo-ngay/2020/03/")


def test_an_article_links_to_the_news_of_its_day(client):
    article = make_article(published_at=at(datetime.date(2020, 3, 26)))
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'href="/tin-theo-ngay/2020/03/26/"' in html


def test_the_header_links_to_the_news_by_date_and_has_the_menu_button(client):
    html = client.get("/").content.decode()
    assert 'href="/tin-theo-ngay/"' in html
    assert 'aria-controls="main-menu"' in html and 'aria-expanded="false"' in html
    assert 'id="main-menu"' in html
    # The date line is written by the reader's browser: a cached page never shows another day.
    assert "data-date-line hidden" in html


def test_pages_come_from_the_page_cache_and_a_new_article_shows(settings, client, django_assert_num_queries):
    settings.PORTAL_PAGE_CACHE = True
    cache.clear()
    SiteSettings.load()
    make_article(title="Tin thứ nhất", published_at=at(datetime.date(2020, 3, 26)))
    url = "/tin-theo-ngay/2020/03/26/"
    assert client.get(url, **READER)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        assert client.get(url, **READER)["X-Page-Cache"] == "hit"
    make_article(title="Tin thứ hai", published_at=at(datetime.date(2020, 3, 26), 15))
    assert "Tin thứ hai" in client.get(url, **READER).content.decode()
