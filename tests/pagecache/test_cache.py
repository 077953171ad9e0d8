"""The whole-page cache for anonymous readers: freshness, exact view counts, bypasses."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Article, Author, DailyViews, Photo, SiteSettings
from pagecache.generation import content_changed
from pagecache.middleware import PageCacheMiddleware
from pagecache.pages import PageInfo
from tests.factories import make_article, make_section, views_in_database

pytestmark = pytest.mark.django_db

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile"}


@pytest.fixture(params=["locmem", "redis"])
def page_cache_on(request, settings):
    """The page cache switched on, over local memory and over a real Redis."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    settings.PORTAL_PAGE_CACHE = True
    from django.core.cache import cache

    cache.clear()
    SiteSettings.load()  # made on first use, which counts as a change: not in the middle of a test
    yield request.param
    cache.clear()


def get(client, url, **extra):
    return client.get(url, **{**READER, **extra})


def test_second_reader_is_served_from_the_cache_without_queries(page_cache_on, client, django_assert_num_queries):
    """A burst of readers on the home page costs the database nothing after the first one."""
    make_article(title="Hội nghị sơ kết công tác quý ba")
    first = get(client, "/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = get(client, "/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Hội nghị sơ kết công tác quý ba" in second.content.decode()


def test_publishing_shows_at_once_on_cached_pages(page_cache_on, client):
    """An editor publishes an article: home and its section show it on the next request."""
    section = make_section("Xây dựng Đảng")
    make_article(section=section, title="Bài cũ đã đăng")
    get(client, "/"), get(client, section.get_absolute_url())
    draft = make_article(section=section, title="Tin mới nhất về Đại hội", status=Article.Status.DRAFT)
    assert "Tin mới nhất về Đại hội" not in get(client, "/").content.decode()
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "Tin mới nhất về Đại hội" in get(client, "/").content.decode()
    assert "Tin mới nhất về Đại hội" in get(client, section.get_absolute_url()).content.decode()


def test_editing_and_unpublishing_show_at_once(page_cache_on, client):
    """A corrected title replaces the cached one; an unpublished article disappears everywhere."""
    article = make_article(title="Tiêu đề có lỗi chính tả")
    url = article.get_absolute_url()
    get(client, url), get(client, "/")
    article.title = "Tiêu đề đã sửa"
    article.save()
    assert "Tiêu đề đã sửa" in get(client, url).content.decode()
    assert "Tiêu đề có lỗi chính tả" not in get(client, "/").content.decode()
    article.status = Article.Status.UNPUBLISHED
    article.save()
    assert get(client, url).status_code == 404
    assert "Tiêu đề đã sửa" not in get(client, "/").content.decode()


@pytest.mark.parametrize("change", ["section", "photo", "author", "site", "delete_photo"])
def test_every_shown_model_invalidates(page_cache_on, client, change):
    """Renaming a section, re-captioning a photo, renaming an author or the portal refreshes pages."""
    article = make_article(photos=1, authors=("Huyền Anh",))
    url = article.get_absolute_url()
    get(client, url)
    if change == "section":
        article.section.name, expected = "Chuyên mục đổi tên", "Chuyên mục đổi tên"
        article.section.save()
    elif change == "photo":
        photo = article.photos.get()
        photo.caption, expected = "Chú thích mới của ảnh", "Chú thích mới của ảnh"
        photo.save()
    elif change == "author":
        author = Author.objects.get(name="Huyền Anh")
        author.name, expected = "Minh Đức", "Minh Đức"
        author.save()
    elif change == "site":
        site = SiteSettings.load()
        site.name, expected = "Cổng thông tin Quận ủy Mới", "Cổng thông tin Quận ủy Mới"
        site.save()
    else:
        Photo.objects.get(article=article).delete()
        assert "Chú thích ảnh 1" not in get(client, url).content.decode()
        return
    assert expected in get(client, url).content.decode()


def test_adding_an_author_through_the_m2m_invalidates(page_cache_on, client):
    """Adding a co-author with article.authors.add() shows in the byline at once."""
    article = make_article(authors=("Huyền Anh",))
    get(client, article.get_absolute_url())
    article.authors.add(Author.objects.create(name="Quang Huy"), through_defaults={"order": 5})
    assert "Quang Huy" in get(client, article.get_absolute_url()).content.decode()


def test_content_changed_is_the_hook_for_bulk_updates(page_cache_on, client):
    """A queryset.update() sends no signal: calling content_changed() refreshes the pages."""
    article = make_article(title="Trước khi cập nhật hàng loạt")
    get(client, "/")
    Article.objects.filter(pk=article.pk).update(title="Sau khi cập nhật hàng loạt")
    assert "Trước khi cập nhật hàng loạt" in get(client, "/").content.decode()  # cached, as designed
    content_changed()
    assert "Sau khi cập nhật hàng loạt" in get(client, "/").content.decode()


def test_scheduled_article_appears_on_time_with_caching_on(page_cache_on, client):
    """A page cached just before a scheduled publication is not served past it."""
    when = timezone.now() + timedelta(minutes=3)
    make_article(title="Bài đã đăng từ trước")
    make_article(title="Bài hẹn giờ lúc khai mạc", published_at=when)
    with time_machine.travel(when - timedelta(seconds=30), tick=False):
        assert "Bài hẹn giờ lúc khai mạc" not in get(client, "/").content.decode()
        assert get(client, "/")["X-Page-Cache"] == "hit"
    with time_machine.travel(when + timedelta(seconds=1), tick=False):
        response = get(client, "/")
        assert "Bài hẹn giờ lúc khai mạc" in response.content.decode()


def test_cached_article_counts_every_view_exactly(page_cache_on, client):
    """Twenty readers of a cached article: twenty views recorded, each shown its own count."""
    article = make_article(title="Bài đọc nhiều")
    url = article.get_absolute_url()
    for n in range(1, 21):
        response = get(client, url)
        assert response.status_code == 200
        assert response["X-Page-Cache"] == ("miss" if n == 1 else "hit")
        assert f"Lượt xem: {n}</span>" in response.content.decode()
    assert views_in_database(article) == 20


def test_cached_article_costs_no_sql_with_redis(page_cache_on, client):
    """Serving a cached article page: its view is buffered in Redis, no SQL; over local memory
    the view-count statement alone."""
    article = make_article()
    get(client, article.get_absolute_url())  # the first view also writes the buffer: due once a second
    with CaptureQueriesContext(connection) as queries:
        assert get(client, article.get_absolute_url())["X-Page-Cache"] == "hit"
    statements = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    expected = 0 if page_cache_on == "redis" else 1
    assert len(statements) == expected, statements
    assert views_in_database(article) == 2


def test_crawlers_and_head_requests_get_the_cached_page_uncounted(page_cache_on, client):
    """A search engine bot or a HEAD request reads the cached page without adding a view."""
    article = make_article()
    url = article.get_absolute_url()
    get(client, url)
    bot = client.get(url, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    assert bot["X-Page-Cache"] == "hit"
    assert "Lượt xem: 1</span>" in bot.content.decode()
    assert client.head(url, **READER)["X-Page-Cache"] == "hit"
    assert views_in_database(article) == 1


def test_logged_in_editors_always_see_live_pages(page_cache_on, client):
    """An editor who logged in is never served a cached page nor fills the cache."""
    article = make_article(title="Trang đã lưu trong bộ nhớ đệm")
    get(client, "/")
    editor = get_user_model().objects.create_user("bientap", password="x", is_staff=True)
    client.force_login(editor)
    Article.objects.filter(pk=article.pk).update(title="Sửa trực tiếp trong cơ sở dữ liệu")
    response = get(client, "/")
    assert "X-Page-Cache" not in response
    assert "Sửa trực tiếp trong cơ sở dữ liệu" in response.content.decode()


def test_flash_messages_bypass_the_cache(page_cache_on, client):
    """A reader with a pending message (e.g. after voting) gets a live page that can show it."""
    make_article()
    get(client, "/")
    client.cookies["messages"] = "something"
    assert "X-Page-Cache" not in get(client, "/")


def test_responses_that_set_cookies_are_never_stored(page_cache_on):
    """A page that sets a cookie (a CSRF token, a session) is personal: not shared via the cache."""
    request = RequestFactory().get("/", **READER)

    def view(request):
        response = HttpResponse("trang có cookie")
        response.page_info = PageInfo()
        response.set_cookie("csrftoken", "abc")
        return response

    middleware = PageCacheMiddleware(view)
    middleware(request)
    assert middleware(RequestFactory().get("/", **READER))["X-Page-Cache"] == "miss"


def test_query_strings(page_cache_on, client):
    """Trackers share the page's entry, page numbers get their own, unknown parameters bypass."""
    section = make_section()
    for _ in range(17):
        make_article(section=section)
    url = section.get_absolute_url()
    get(client, url)
    assert get(client, url + "?fbclid=IwAR0abc&utm_source=zalo")["X-Page-Cache"] == "hit"
    assert get(client, url + "?page=2")["X-Page-Cache"] == "miss"
    assert get(client, url + "?page=2")["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in get(client, url + "?nocache=12345")


def test_search_results_are_cached_per_query(page_cache_on, client):
    """Two readers searching the same words share one result page; other words get theirs."""
    article = make_article(title="Đại hội Đảng bộ phường Tân Thành")
    assert get(client, "/tim-kiem/?q=dai+hoi")["X-Page-Cache"] == "miss"
    hit = get(client, "/tim-kiem/?q=dai+hoi")
    assert hit["X-Page-Cache"] == "hit"
    assert article.get_absolute_url() in hit.content.decode()  # the title itself is highlighted
    assert get(client, "/tim-kiem/?q=tan+thanh")["X-Page-Cache"] == "miss"


def test_conditional_get_on_list_pages(page_cache_on, client):
    """A browser revalidating the home page gets 304 until an editor changes something."""
    make_article()
    first = get(client, "/")
    etag = first["ETag"]
    assert "no-cache" in first["Cache-Control"]
    assert get(client, "/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    make_article(title="Tin vừa đăng")
    changed = get(client, "/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_conditional_get_without_the_page_cache(client):
    """The ETag and 304 work with the page cache off too (no Redis in development)."""
    make_article()
    etag = get(client, "/")["ETag"]
    assert get(client, "/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_article_pages_carry_no_etag(page_cache_on, client):
    """Article pages are always fetched again (no ETag, no-cache), so every view is counted."""
    article = make_article()
    response = get(client, article.get_absolute_url())
    assert "ETag" not in response
    assert "no-cache" in response["Cache-Control"]


def test_view_count_without_the_page_cache(client):
    """With the page cache off the article page still counts and shows each view."""
    article = make_article()
    for n in (1, 2, 3):
        assert f"Lượt xem: {n}</span>" in get(client, article.get_absolute_url()).content.decode()
    assert views_in_database(article) == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_readers_of_a_cached_article_are_all_counted(settings):
    """Eight readers at once, fifty views each, on a cached page: exactly 400 views recorded."""
    settings.PORTAL_PAGE_CACHE = True
    SiteSettings.load()
    article = make_article()
    url = article.get_absolute_url()
    Client().get(url, **READER)
    ok, errors = [], []

    def reader():
        client = Client()
        try:
            for _ in range(50):
                response = client.get(url, **READER)
                ok.append(response.status_code == 200 and response["X-Page-Cache"] == "hit")
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=reader) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert ok.count(True) == 400
    article.refresh_from_db()
    assert article.view_count == 401
    assert DailyViews.objects.get(article=article).views == 401


@pytest.mark.parametrize("synchronous", [True, False])
def test_view_count_commit_modes_count_exactly(settings, client, synchronous):
    """With or without waiting for the WAL flush, every view is counted once and shown."""
    settings.PORTAL_VIEW_COUNT_SYNCHRONOUS = synchronous
    article = make_article()
    for n in (1, 2, 3):
        assert f"Lượt xem: {n}</span>" in get(client, article.get_absolute_url()).content.decode()
    article.refresh_from_db()
    assert article.view_count == 3
    assert DailyViews.objects.get(article=article).views == 3
