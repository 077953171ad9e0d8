"""Cached fragments of reader pages (pagecache/fragments.py): same HTML, fresh after every kind of edit."""

import os

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from news.models import Article, ArticleAuthor, Author, SiteSettings
from pagecache.generation import content_changed
from tests.conftest import require_redis
from tests.factories import QUESTION, make_article, make_poll, make_section
from tests.polls.helpers import answer_ids, vote_url

pytestmark = pytest.mark.django_db

# A crawler: its views are not counted, so an article page is the same from one request to the next.
CRAWLER = {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1)"}
CARD = "includes/article_card.html"


@pytest.fixture
def portal():
    """A home page with every kind of card, a subsection, covers, photos and bylines."""
    parent = make_section("Xây dựng Đảng")
    child = make_section("Kiểm tra, giám sát", parent=parent)
    other = make_section("Văn hóa – Xã hội")
    articles = [
        make_article(
            section=child,
            title="Hội nghị kiểm tra <giám sát> & tổng kết",
            cover=True,
            photos=2,
            authors=("Huyền Anh", "Minh Đức"),
            is_featured=True,
            days=0,
        ),
        make_article(section=parent, title="Học tập nghị quyết", cover=True, is_featured=True, days=1),
        make_article(section=other, title="Lễ hội văn hóa phường", photos=1, is_featured=True, days=2),
    ]
    articles += [make_article(section=s, days=3 + n) for n, s in enumerate([parent, child, other] * 4)]
    site = SiteSettings.load()
    site.tagline, site.address, site.email = "Tiếng nói của Đảng bộ", "Số 1 phố Hòa Bình", "bbt@example.vn"
    site.save()
    return {"parent": parent, "child": child, "other": other, "articles": articles}


def pages(portal):
    article = portal["articles"][0]
    return ["/", portal["parent"].get_absolute_url(), portal["child"].get_absolute_url(), article.get_absolute_url()]


def html(client, url):
    response = client.get(url, **CRAWLER)
    assert response.status_code == 200
    return response.content.decode()


def card_renders(client, url):
    """How many cards were rendered (not taken from the cache) for this request."""
    response = client.get(url, **CRAWLER)
    return [t.name for t in response.templates].count(CARD)


def test_cold_and_warm_fragments_give_the_html_of_a_render_without_them(client, portal, monkeypatch):
    """Home, section and article pages are byte for byte the same rendered, cached cold and warm."""
    with monkeypatch.context() as patched:
        patched.setattr("news.templatetags.news_tags.context_version", lambda context: None)
        patched.setattr("pagecache.fragments.context_version", lambda context: None)
        patched.setattr("pagecache.fragments.request_version", lambda request: None)
        uncached = {url: html(client, url) for url in pages(portal)}
    cache.clear()
    cold = {url: html(client, url) for url in pages(portal)}
    warm = {url: html(client, url) for url in pages(portal)}
    assert cold == uncached
    assert warm == uncached


def test_warm_pages_render_no_card(client, portal):
    """Once cached, a card is not rendered again; an edit re-renders that article's cards only."""
    assert card_renders(client, "/") > 10
    assert card_renders(client, "/") == 0
    article = portal["articles"][4]
    article.title = "Tiêu đề đã sửa"
    article.save()
    rendered = card_renders(client, "/")
    assert rendered == html(client, "/").count('">Tiêu đề đã sửa</a>') > 0  # its cards, on the lists it is on


def test_an_edited_article_shows_everywhere(client, portal):
    """A saved article shows its new title and lead on the home, section and article pages."""
    for url in pages(portal):
        html(client, url)
    article = Article.objects.get(pk=portal["articles"][0].pk)
    article.title, article.lead = "Tiêu đề mới của bài", "Phần mở đầu mới của bài."
    article.save()
    for url in ["/", portal["child"].get_absolute_url(), article.get_absolute_url()]:
        page = html(client, url)
        assert "Tiêu đề mới của bài" in page
        assert "Hội nghị kiểm tra" not in page


def test_a_renamed_section_shows_in_cards_menu_and_breadcrumbs(client, portal):
    """Renaming a section refreshes the menu, the cards that name it and the breadcrumbs."""
    for url in pages(portal):
        html(client, url)
    parent = portal["parent"]
    parent.name = "Công tác xây dựng Đảng"
    parent.save()
    home = html(client, "/")
    assert "Công tác xây dựng Đảng</a></li>" in home  # the menu
    assert '<a class="card-section" href="/chuyen-muc/xay-dung-dang/">Công tác xây dựng Đảng</a>' in home
    assert "Công tác xây dựng Đảng</a></li>" in html(client, portal["articles"][0].get_absolute_url())  # breadcrumbs


def test_site_settings_show_in_the_header_and_footer(client, portal):
    """A new portal name and address show on the next render of every page."""
    for url in pages(portal):
        html(client, url)
    site = SiteSettings.load()
    site.name, site.address = "Cổng thông tin Quận ủy Mới", "Số 9 phố Mới"
    site.save()
    for url in pages(portal):
        page = html(client, url)
        assert '<span class="brand-name">Cổng thông tin Quận ủy Mới</span>' in page
        assert '<p class="footer-name">Cổng thông tin Quận ủy Mới</p>' in page
        assert "Số 9 phố Mới" in page


def test_a_photo_change_touches_its_article(client, portal):
    """Saving or deleting a photo moves its article's updated_at and shows on the article page."""
    article = portal["articles"][0]
    url = article.get_absolute_url()
    before = Article.objects.get(pk=article.pk).updated_at
    html(client, url)
    photo = article.photos.first()
    photo.caption = "Đồng chí Bí thư phát biểu kết luận hội nghị."
    photo.save()
    touched = Article.objects.get(pk=article.pk).updated_at
    assert touched > before
    assert "Đồng chí Bí thư phát biểu kết luận hội nghị." in html(client, url)
    photo.delete()
    assert Article.objects.get(pk=article.pk).updated_at > touched
    assert "Đồng chí Bí thư phát biểu" not in html(client, url)


def test_a_renamed_author_shows_in_the_byline(client, portal):
    """Renaming an author touches the articles that name them: the new byline shows at once."""
    url = portal["articles"][0].get_absolute_url()
    html(client, url)
    modified = Article.objects.get(pk=portal["articles"][0].pk).updated_at
    author = Author.objects.get(name="Minh Đức")
    author.save()  # no change: the articles keep their modification time
    assert Article.objects.get(pk=portal["articles"][0].pk).updated_at == modified
    author.name = "Minh Đức (CTV)"
    author.save()
    assert "Tin, ảnh: Huyền Anh, Minh Đức (CTV)" in html(client, url)


def test_byline_changes_touch_the_article(client, portal):
    """Adding, removing or reordering the article's authors, by any path, shows in its byline."""
    article = portal["articles"][0]
    url = article.get_absolute_url()
    html(client, url)
    article.authors.add(Author.objects.create(name="Quang Huy"), through_defaults={"order": 5})
    assert "Tin, ảnh: Huyền Anh, Minh Đức, Quang Huy" in html(client, url)
    ArticleAuthor.objects.get(article=article, author__name="Huyền Anh").delete()
    assert "Tin, ảnh: Minh Đức, Quang Huy" in html(client, url)
    link = ArticleAuthor.objects.get(article=article, author__name="Quang Huy")
    link.order = 0
    link.save()
    assert "Tin, ảnh: Quang Huy, Minh Đức" in html(client, url)
    article.authors.remove(Author.objects.get(name="Minh Đức"))
    assert "Tin, ảnh: Quang Huy</p>" in html(client, url)
    article.authors.clear()
    assert 'class="byline"' not in html(client, url)


def test_warm_article_pages_load_neither_byline_nor_photos(client, portal):
    """With its fragments cached, an article page runs no query for its authors or photos."""
    url = portal["articles"][0].get_absolute_url()
    html(client, url)
    with CaptureQueriesContext(connection) as ctx:
        html(client, url)
    tables = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "news_photo" not in tables
    assert "news_articleauthor" not in tables


def frame_was_drawn(response):
    """Whether the page's frame was rendered (not taken from the cache) for this response."""
    return any(t.name in ("news/home.html", "news/section.html", "news/article.html") for t in response.templates)


@pytest.mark.parametrize("page", ["home", "section", "article"])
def test_a_cached_frame_gets_a_fresh_sidebar(client, portal, page):
    """A page's frame is cached; the sidebar is drawn for each request: a poll opened since,
    and the reader's own vote, show on the very next view."""

    url = {"home": "/", "section": portal["parent"].get_absolute_url(), "article": pages(portal)[-1]}[page]
    assert frame_was_drawn(client.get(url, **CRAWLER))
    poll = make_poll()
    response = client.get(url, **CRAWLER)
    assert not frame_was_drawn(response)
    assert QUESTION in response.content.decode()
    assert f'action="{vote_url(poll)}"' in response.content.decode()
    client.post(vote_url(poll), {"answer": answer_ids(poll)[0]})
    with_message = client.get(url, **CRAWLER)
    assert frame_was_drawn(with_message)  # rendered whole
    assert "Cảm ơn bạn đã tham gia bình chọn!" in with_message.content.decode()
    response = client.get(url, **CRAWLER)
    assert not frame_was_drawn(response)
    assert f'action="{vote_url(poll)}"' not in response.content.decode()  # voted: the results link instead


def test_a_message_is_never_stored_in_a_frame(client, portal):
    """A page rendered with the reader's message shows it, and is not the frame other readers get."""
    from django.test import Client

    poll = make_poll()
    url = portal["articles"][0].get_absolute_url()
    client.post(vote_url(poll), {"answer": answer_ids(poll)[0]})
    response = client.get(url, **CRAWLER)
    assert frame_was_drawn(response)
    assert "Cảm ơn bạn đã tham gia bình chọn!" in response.content.decode()
    other = Client().get(url, **CRAWLER)
    assert frame_was_drawn(other)  # nothing was stored with the message in it
    assert "Cảm ơn bạn đã tham gia bình chọn!" not in other.content.decode()
    assert "Cảm ơn bạn đã tham gia bình chọn!" not in Client().get(url, **CRAWLER).content.decode()


def test_an_editor_never_gets_a_cached_frame(client, portal, django_user_model):
    """Logged-in editors see the article page rendered from the database, as it is now."""
    url = portal["articles"][0].get_absolute_url()
    html(client, url)
    editor = django_user_model.objects.create_user("bientap", password="x", is_staff=True)
    client.force_login(editor)
    assert frame_was_drawn(client.get(url, **CRAWLER))
    assert frame_was_drawn(client.get(url, **CRAWLER))


def test_content_changed_refreshes_fragments_after_a_bulk_update(client, portal):
    """queryset.update() leaves updated_at alone: content_changed() is the hook, as for whole pages."""
    html(client, "/")
    Article.objects.filter(pk=portal["articles"][1].pk).update(title="Sửa hàng loạt")
    content_changed()
    assert "Sửa hàng loạt" in html(client, "/")


def test_the_current_page_is_marked_in_the_cached_menu(client, portal):
    """aria-current follows the page, whichever page stored the menu first."""
    parent, other = portal["parent"], portal["other"]
    for _ in range(2):
        home = html(client, "/")
        assert '<a href="/" aria-current="page">' in home
        assert home.count('aria-current="page"') == 1
        page = html(client, other.get_absolute_url())
        assert f'<a href="{other.get_absolute_url()}" aria-current="page">' in page
        article = html(client, portal["articles"][1].get_absolute_url())
        assert f'<a href="{parent.get_absolute_url()}" aria-current="page">' in article
        assert '<a href="/" aria-current="page">' not in article


def test_a_search_query_is_never_stored_in_the_header(client, portal):
    """The header's search box shows the reader's words, and only on their own results."""
    assert 'value="nghị quyết"' in html(client, "/tim-kiem/?q=nghị+quyết")
    assert 'value=""' in html(client, "/")


@pytest.mark.parametrize("page", [0, 1, 2, 3])
def test_pages_render_when_the_cache_is_unreachable(client, portal, page):
    """With Redis down every fragment is a miss: rendered, never an error."""
    url = pages(portal)[page]
    expected = html(client, url)
    down = {"default": {"BACKEND": "pagecache.backends.redis.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(CACHES=down):
        from django.core.cache import caches

        caches["default"].__class__.breakers.clear()
        try:
            assert html(client, url) == expected
        finally:
            caches["default"].__class__.breakers.clear()


def test_fragments_over_redis(client, portal):
    """The same HTML cold and warm with the production backend."""
    location = require_redis()
    redis_cache = {
        "default": {
            "BACKEND": "pagecache.backends.redis.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"frag-{os.getpid()}",
        }
    }
    expected = {url: html(client, url) for url in pages(portal)}
    with override_settings(CACHES=redis_cache):
        from django.core.cache import caches

        caches["default"].clear()
        try:
            assert {url: html(client, url) for url in pages(portal)} == expected
            assert {url: html(client, url) for url in pages(portal)} == expected
            assert card_renders(client, "/") == 0
        finally:
            caches["default"].clear()


def test_a_deployment_with_new_static_files_renders_their_new_addresses(client, settings, production_static, tmp_path):
    """The cached poll box links polls.js by its hashed name: a release that changes the file
    (a new manifest) must not keep serving the old name from the cache."""
    import json
    import shutil

    from tests.factories import make_poll

    make_article(title="Đại hội Đoàn phường")
    make_poll()
    SiteSettings.load()  # created on first use, which changes the structure version
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "portal.storage.StaticStorage"}}
    settings.STATIC_ROOT = production_static
    old = client.get("/", **CRAWLER).content.decode()
    manifest = json.loads((production_static / "staticfiles.json").read_text())
    assert f"/static/{manifest['paths']['js/polls.js']}" in old

    released = tmp_path / "static-next"
    shutil.copytree(production_static, released)
    manifest["paths"]["js/polls.js"] = "js/polls.0123456789ab.js"
    manifest["hash"] = "next-release"
    (released / "staticfiles.json").write_text(json.dumps(manifest))
    settings.STATIC_ROOT = released
    assert "/static/js/polls.0123456789ab.js" in client.get("/", **CRAWLER).content.decode()
