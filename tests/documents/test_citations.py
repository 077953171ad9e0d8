"""Articles and documents linked: the documents an article cites, under it and on their pages,
and the register's numbers named in an article's text turned into links by themselves."""

import pytest
from django.core.cache import cache

from documents.links import link_document_numbers
from documents.models import Citation
from news.models import Article, SiteSettings
from news.sanitize import clean_html
from tests.factories import make_article, make_document, make_user
from tests.news.test_sanitize import XSS_PAYLOADS, executable_parts

pytestmark = pytest.mark.django_db

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile"}


def cite(article, *documents):
    for order, document in enumerate(documents):
        Citation.objects.create(article=article, document=document, order=order)


def test_the_article_lists_the_published_documents_it_cites(client):
    plan = make_document(number="133-KH/QU", summary="Kế hoạch tổ chức Đại hội đại biểu Đảng bộ quận")
    draft = make_document(number="200-KH/QU", summary="Bản chưa công bố", published=False)
    article = make_article()
    cite(article, plan, draft)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Văn bản liên quan" in html
    assert 'href="/van-ban/133-kh-qu/"' in html and "Kế hoạch 133-KH/QU" in html
    assert "Bản chưa công bố" not in html


def test_an_article_citing_nothing_shows_no_box(client):
    assert "Văn bản liên quan" not in client.get(make_article().get_absolute_url()).content.decode()


def test_the_document_page_lists_the_published_articles_that_cite_it(client):
    plan = make_document(number="133-KH/QU")
    shown = make_article(title="Quận ủy triển khai Kế hoạch 133")
    hidden = make_article(title="Bài còn nháp", status=Article.Status.DRAFT)
    cite(shown, plan)
    cite(hidden, plan)
    html = client.get("/van-ban/133-kh-qu/").content.decode()
    assert "Bài viết trích dẫn văn bản này" in html
    assert shown.title in html and shown.get_absolute_url() in html
    assert hidden.title not in html


@pytest.mark.parametrize("count", [1, 6])
def test_the_article_page_costs_the_same_queries_whatever_it_cites(client, django_assert_num_queries, count):
    article = make_article()
    cite(article, *[make_document() for _ in range(count)])
    client.get(make_article().get_absolute_url())  # the site's settings and menu, cached from here on
    with django_assert_num_queries(7):  # with the citations' one, whatever their number
        client.get(article.get_absolute_url())


@pytest.mark.parametrize("count", [1, 6])
def test_the_document_page_costs_the_same_queries_whatever_cites_it(client, django_assert_num_queries, count):
    plan = make_document(number="133-KH/QU")
    for _ in range(count):
        cite(make_article(), plan)
    client.get("/van-ban/133-kh-qu/")
    with django_assert_num_queries(5):
        client.get("/van-ban/133-kh-qu/")


def test_a_number_in_the_text_links_to_its_document():
    make_document(number="133-KH/QU")
    html = link_document_numbers("<p>Thực hiện Kế hoạch số 133-KH/QU ngày 25/11/2019 của Ban Thường vụ.</p>")
    assert html == (
        '<p>Thực hiện Kế hoạch số <a class="document-link" href="/van-ban/133-kh-qu/">133-KH/QU</a>'
        " ngày 25/11/2019 của Ban Thường vụ.</p>"
    )


@pytest.mark.parametrize(
    "html",
    [
        '<p><a href="https://quan.example.vn/">Kế hoạch 133-KH/QU</a></p>',
        "<h2>Kế hoạch 133-KH/QU</h2>",
        '<p><img src="/media/a.jpg" alt="Ảnh minh họa 133-KH/QU"></p>',
        '<p title="x > 133-KH/QU">Không nhắc số.</p>',
        "<p>Số 999-KH/QU chưa có trong sổ.</p>",
        "<p>Số 1133-KH/QUX không phải số ấy.</p>",
    ],
    ids=["inside-a-link", "inside-a-heading", "in-an-attribute", "in-a-quoted-attribute", "unknown", "longer"],
)
def test_numbers_left_alone(html):
    make_document(number="133-KH/QU")
    assert link_document_numbers(html) == html


def test_a_number_two_bodies_use_is_not_guessed():
    make_document(number="05-TB/QU", body="Ban Thường vụ Quận ủy")
    make_document(number="05-TB/QU", body="Văn phòng Quận ủy")
    html = "<p>Theo Thông báo 05-TB/QU.</p>"
    assert link_document_numbers(html) == html


def test_an_unpublished_document_is_not_linked():
    make_document(number="133-KH/QU", published=False)
    assert "document-link" not in link_document_numbers("<p>Kế hoạch 133-KH/QU.</p>")


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_links_added_to_a_sanitized_body_stay_inert(payload):
    make_document(number="133-KH/QU")
    body = clean_html(f"<p>Kế hoạch 133-KH/QU {payload} và 133-KH/QU</p><p>{payload}133-KH/QU</p>")
    assert executable_parts(link_document_numbers(body)) == []


def test_a_document_published_later_links_the_articles_that_name_it(settings, client):
    settings.PORTAL_PAGE_CACHE = True
    cache.clear()
    SiteSettings.load()
    article = make_article(body="<p>Thực hiện Kế hoạch số 133-KH/QU của Ban Thường vụ.</p>")
    assert "document-link" not in client.get(article.get_absolute_url(), **READER).content.decode()
    make_document(number="133-KH/QU")
    assert 'href="/van-ban/133-kh-qu/"' in client.get(article.get_absolute_url(), **READER).content.decode()


def test_a_citation_added_later_shows_under_the_cached_article(settings, client):
    settings.PORTAL_PAGE_CACHE = True
    cache.clear()
    SiteSettings.load()
    article = make_article()
    plan = make_document(number="133-KH/QU")
    assert "Văn bản liên quan" not in client.get(article.get_absolute_url(), **READER).content.decode()
    cite(article, plan)
    assert "Văn bản liên quan" in client.get(article.get_absolute_url(), **READER).content.decode()


def test_every_role_may_pick_the_documents_an_article_cites(client):
    for username, role in [("phongvien", "reporter"), ("bientap", "editor")]:
        client.force_login(make_user(username, role))
        html = client.get("/quan-tri/news/article/add/").content.decode()
        assert "Văn bản bài viết trích dẫn" in html, role


def test_the_site_search_finds_documents_too_with_and_without_diacritics(client):
    make_document(number="133-KH/QU", summary="Kế hoạch tổ chức Đại hội đại biểu Đảng bộ quận")
    make_article(title="Bài không liên quan")
    for q in ["133-KH/QU", "đại hội đại biểu", "dai hoi dai bieu"]:
        html = client.get("/tim-kiem/", {"q": q}).content.decode()
        assert "Trong sổ văn bản" in html, q
        assert 'href="/van-ban/133-kh-qu/"' in html, q
        assert "/van-ban/?q=" in html
    assert "Trong sổ văn bản" not in client.get("/tim-kiem/", {"q": "khong co gi ca"}).content.decode()
