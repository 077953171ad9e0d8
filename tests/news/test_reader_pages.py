import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from news.models import Article
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Chrome/130 Mobile"}


def text(response):
    return response.content.decode()


def test_article_page_has_the_whole_anatomy(client):
    """Section, title, 'dd/mm/yyyy | HH:MM | Lượt xem: N', lead, captioned photos, byline, source."""
    section = make_section("Tiến tới Đại hội Đảng bộ quận lần thứ XIII", is_special_topic=True)
    article = make_article(
        section=section,
        title="Đại hội Đảng bộ phường Đông Hưng thành công tốt đẹp",
        lead="Sáng 26/3, Đảng bộ phường Đông Hưng tổ chức Đại hội đại biểu lần thứ XV.",
        published_at=datetime(2020, 3, 26, 16, 40, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        photos=2,
        authors=("Huyền Anh",),
        byline_kind=Article.BylineKind.TIN_ANH,
        source_unit="Ban Tuyên giáo Quận ủy",
    )
    Article.objects.filter(pk=article.pk).update(view_count=350)
    html = text(client.get(article.get_absolute_url(), **BROWSER))
    assert 'class="article-section is-topic"' in html and section.name in html
    assert f'<h1 class="article-title">{article.title}</h1>' in html
    assert re.search(r">26/03/2020 \| 16:40</time></a> \| <span class=\"views\">Lượt xem: 351</span>", html)
    assert '<p class="article-lead">Sáng 26/3' in html
    assert html.count("<figure") == 2 and "<figcaption>Chú thích ảnh 1" in html and "Chú thích ảnh 2" in html
    assert '<p class="byline">Tin, ảnh: Huyền Anh</p>' in html
    assert '<p class="source-unit">(Ban Tuyên giáo Quận ủy)</p>' in html
    # Photos come inside the body, between paragraphs, the first after the first paragraph.
    body = html.split('<div class="article-body">')[1]
    assert body.index("Đoạn thứ nhất") < body.index("<figure") < body.index("Đoạn thứ hai")


def test_article_page_shows_related_articles_from_its_section_only(client):
    """'Tin liên quan' lists newer-first articles of the same section, never the article itself."""
    section = make_section()
    older = make_article(section=section, title="Tin cũ hơn", days=3)
    newer = make_article(section=section, title="Tin mới hơn", days=1)
    other = make_article(title="Tin chuyên mục khác", days=1)
    article = make_article(section=section, title="Bài đang đọc", days=2)
    html = text(client.get(article.get_absolute_url()))
    related = html.split('id="related-title"')[1].split("</section>")[0]
    assert related.index(newer.title) < related.index(older.title)
    assert article.title not in related and other.title not in related


def test_home_page_shows_lead_featured_latest_and_section_blocks(client):
    """The home page has a lead story, featured stories, the latest news and one block per section."""
    politics, economy = make_section("Xây dựng Đảng"), make_section("Kinh tế – Đô thị")
    lead = make_article(section=politics, title="Tin tiêu điểm hôm nay", is_featured=True, cover=True)
    make_article(section=economy, title="Tin nổi bật thứ hai", is_featured=True, days=1)
    make_article(section=economy, title="Tin kinh tế mới", days=2)
    make_article(title="Bản nháp chưa duyệt", status=Article.Status.DRAFT)
    make_article(title="Bài hẹn giờ", days=-1)
    html = text(client.get("/"))
    assert html.index(lead.title) < html.index("Tin nổi bật thứ hai") < html.index("Tin kinh tế mới")
    assert 'id="block-xay-dung-dang"' in html and 'id="block-kinh-te-do-thi"' in html
    assert "Bản nháp chưa duyệt" not in html and "Bài hẹn giờ" not in html
    assert '<html lang="vi">' in html and 'class="skip-link" href="#main"' in html


def test_section_page_lists_its_articles_newest_first_and_paginates(client, settings):
    """A section page lists its own published articles, newest first, a page at a time."""
    settings.PORTAL_ARTICLES_PER_PAGE = 3
    section = make_section("Quốc phòng – An ninh")
    titles = [make_article(section=section, title=f"Tin an ninh {n}", days=n).title for n in range(5)]
    make_article(title="Tin nơi khác")
    first = text(client.get(section.get_absolute_url()))
    second = text(client.get(section.get_absolute_url() + "?page=2"))
    assert first.index(titles[0]) < first.index(titles[1]) < first.index(titles[2])
    assert titles[3] in second and titles[0] not in second and "Tin nơi khác" not in first
    assert 'aria-current="page">2<' in second


def test_special_topic_page_has_its_banner(client):
    """A special topic (chuyên đề) is announced with its banner."""
    topic = make_section("Tiến tới Đại hội Đảng bộ các cấp", is_special_topic=True, description="Chuyên đề Đại hội")
    make_article(section=topic)
    html = text(client.get(topic.get_absolute_url()))
    assert 'class="topic-banner"' in html and "Chuyên đề" in html


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999999", "1.5", "%00"])
def test_bad_page_numbers_give_a_valid_page(client, page):
    """Nonsense page numbers show a real page, never an error."""
    section = make_section()
    make_article(section=section)
    response = client.get(section.get_absolute_url(), {"page": page})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/chuyen-muc/khong-ton-tai/",
        "/chuyen-muc/" + "a" * 300 + "/",
        "/xay-dung-dang/khong-co-bai-nay-999999.html",
        "/xay-dung-dang/" + "b" * 400 + "-1.html",
        "/khong-co-trang-nay/",
    ],
)
def test_unknown_addresses_give_a_vietnamese_404(client, url):
    """Unknown sections and articles answer 404 in Vietnamese."""
    response = client.get(url)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in text(response)


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.UNPUBLISHED])
def test_unpublished_articles_are_not_found(client, status):
    """Drafts, articles under review and withdrawn ones are 404 for readers."""
    article = make_article(status=status)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_future_article_is_not_found_before_its_time(client):
    """A scheduled article's address is a 404 until its publication time."""
    article = make_article(days=-1)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_old_addresses_redirect_permanently(client):
    """After a slug change or a move to another section, the old address answers 301."""
    article = make_article(title="Tiêu đề ban đầu")
    old_url = article.get_absolute_url()
    article.slug = "tieu-de-moi"
    article.section = make_section("Chuyên mục mới")
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_robots_txt_and_favicon(client):
    """robots.txt keeps crawlers out of the admin and previews; the favicon exists."""
    robots = text(client.get("/robots.txt"))
    assert "Disallow: /quan-tri/" in robots
    assert client.get("/favicon.ico").status_code == 301


def test_portal_identity_comes_from_site_settings(client):
    """The committee's name, address and footer come from the settings row, not the template."""
    from news.models import SiteSettings

    site = SiteSettings.load()
    site.name = "Cổng thông tin điện tử Đảng ủy phường Ngọc Khánh"
    site.address = "Số 1 phố Ngọc Khánh"
    site.footer_text = "Chịu trách nhiệm nội dung: Ban Tuyên giáo"
    site.save()
    html = text(client.get(reverse("news:home")))
    assert "Cổng thông tin điện tử Đảng ủy phường Ngọc Khánh" in html
    assert "Số 1 phố Ngọc Khánh" in html and "Chịu trách nhiệm nội dung" in html


def test_pages_are_in_vietnamese(client):
    """The site's own words come out in Vietnamese."""
    make_article()
    html = text(client.get("/"))
    assert "Chuyển đến nội dung chính" in html and "Tin mới nhất" in html and "Skip to content" not in html


def test_server_errors_show_a_vietnamese_page_without_details(client, monkeypatch):
    """When something breaks, readers see a Vietnamese apology, never a traceback."""

    def broken(now):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("news.views.home_content", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    html = text(response)
    assert "Đã có lỗi xảy ra" in html and "secret internals" not in html and "Traceback" not in html


def test_expired_form_explains_in_vietnamese():
    """A form posted without a valid CSRF token gets a Vietnamese explanation, not Django's English page."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/quan-tri/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in text(response)


def test_dates_typed_the_vietnamese_way_are_understood():
    """Editors can type 28/11/2026 16:40 in date fields."""
    from django import forms

    class F(forms.Form):
        when = forms.DateTimeField()

    form = F({"when": "28/11/2026 16:40"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"].strftime("%d/%m/%Y %H:%M") == "28/11/2026 16:40"


def test_a_browser_in_another_language_gets_the_same_vietnamese_page(client):
    """The portal has one language: an English browser reads the same page, and caches in front
    of the portal keep one copy of it, not one per Accept-Language."""
    article = make_article(title="Hội nghị Ban Chấp hành Đảng bộ quận")
    url = article.get_absolute_url()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9", **BROWSER)
    assert "Lượt xem:" in text(english) and "Trang chủ" in text(english)
    assert "Accept-Language" not in english.get("Vary", "")
    login = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Đăng nhập" in text(login)
