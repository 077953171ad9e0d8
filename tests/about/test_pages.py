"""The introduction's reader pages: the menu, the pages, the leaders, the contacts, the English page."""

import re

import pytest

from about.models import IntroPage, Leader
from tests.factories import make_department, make_intro_page, make_leader, make_section

pytestmark = pytest.mark.django_db


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def test_menu_has_one_introduction_item_after_the_sections_and_an_english_link(client):
    """Every page's header offers "Giới thiệu" after the sections (the official pages close the menu)
    and an English link beside the search."""
    make_section("Tin tức")
    html = text(client.get("/"))
    nav = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    items = re.findall(r"<li>(.*?)</li>", nav, re.S)
    introduction = items.index('<a href="/gioi-thieu/">Giới thiệu</a>')
    assert introduction > max(i for i, item in enumerate(items) if "Tin tức" in item)
    assert nav.count("/gioi-thieu/") == 1
    assert '<a class="english-link" href="/en/" hreflang="en" lang="en">English</a>' in html


def test_index_lists_the_published_pages_in_the_editors_order(client):
    """The introduction lists its published pages, in order, and the leaders and contacts pages."""
    make_intro_page("Sơ đồ tổ chức", order=2)
    make_intro_page("Lịch sử Đảng bộ quận", order=1)
    make_intro_page("Bản nháp chưa đăng", status=IntroPage.Status.DRAFT)
    html = text(client.get("/gioi-thieu/"))
    assert html.index("Lịch sử Đảng bộ quận") < html.index("Sơ đồ tổ chức")
    assert "Bản nháp chưa đăng" not in html
    assert 'href="/gioi-thieu/lanh-dao/"' in html and 'href="/gioi-thieu/lien-he/"' in html
    assert '<a href="/gioi-thieu/" aria-current="page">Giới thiệu</a>' in html


def test_page_is_at_its_transliterated_slug(client):
    """A page "Lịch sử Đảng bộ quận" is read at /gioi-thieu/lich-su-dang-bo-quan/."""
    page = make_intro_page("Lịch sử Đảng bộ quận", body="<h2>Các chặng đường</h2><p>Năm thành lập.</p>")
    assert page.get_absolute_url() == "/gioi-thieu/lich-su-dang-bo-quan/"
    html = text(client.get(page.get_absolute_url()))
    assert '<h1 class="page-title">Lịch sử Đảng bộ quận</h1>' in html
    assert "<h2>Các chặng đường</h2>" in html


def test_a_page_cannot_take_the_leaders_address():
    """A page titled "Lãnh đạo" gets a slug of its own, not the leaders page's address."""
    assert make_intro_page("Lãnh đạo").slug == "lanh-dao-2"


@pytest.mark.parametrize("url", ["/gioi-thieu/khong-co-trang-nay/", "/gioi-thieu/ban-nhap/"])
def test_unknown_or_draft_page_is_a_404(client, url):
    """An unknown slug, or a page still in draft, answers 404 with the Vietnamese page."""
    make_intro_page("Bản nháp", status=IntroPage.Status.DRAFT)
    response = client.get(url)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_organisation_chart_shows_its_image_and_its_text_version(client):
    """The chart's image has its alternative text, and its text version is on the page, linked from the caption."""
    from tests.factories import image_file

    page = IntroPage(
        title="Sơ đồ tổ chức",
        status=IntroPage.Status.PUBLISHED,
        image_alt="Sơ đồ tổ chức Đảng bộ quận",
        image_text="<ul><li>Ban Chấp hành</li><li>Ban Thường vụ</li></ul>",
    )
    page.image.save("so-do.png", image_file(1000, 600, fmt="PNG"), save=False)
    page.save()
    html = text(client.get(page.get_absolute_url()))
    assert 'alt="Sơ đồ tổ chức Đảng bộ quận"' in html
    assert re.search(r'srcset="[^"]*renditions/about/[^"]*-w960\.webp 960w', html)
    assert 'href="#image-text"' in html and 'id="image-text"' in html
    assert "<li>Ban Thường vụ</li>" in html


def test_leaders_are_grouped_and_in_the_editors_order(client):
    """Standing members come first, then the standing committee, each in the order the editor set."""
    make_leader("Ủy viên B", order=2)
    make_leader("Ủy viên A", order=1)
    make_leader("Phó Bí thư", group=Leader.Group.STANDING, order=2)
    make_leader("Bí thư", group=Leader.Group.STANDING, order=1)
    make_leader("Đã nghỉ", is_shown=False)
    html = text(client.get("/gioi-thieu/lanh-dao/"))
    names = re.findall(r'<h3 class="leader-name">(.*?)</h3>', html)
    assert names == ["Bí thư", "Phó Bí thư", "Ủy viên A", "Ủy viên B"]
    assert html.index("Thường trực Quận ủy") < html.index("Ủy viên Ban Thường vụ Quận ủy")


def test_leader_shows_photo_title_duties_and_office_contact(client):
    """A leader's card has the photo from renditions, the position, the duties and the office's contact."""
    make_leader(
        "Trần Minh Khoa",
        photo=True,
        title="Bí thư Quận ủy",
        duties="<p>Phụ trách chung.</p>",
        office_phone="024 3825 0101",
        office_email="vanphong@quanuy.example.vn",
    )
    html = text(client.get("/gioi-thieu/lanh-dao/"))
    assert re.search(r'<source type="image/webp" srcset="[^"]*renditions/about/leaders/lanh-dao-\d+-w\d+\.webp', html)
    assert 'alt="Trần Minh Khoa"' in html
    assert '<p class="leader-title">Bí thư Quận ủy</p>' in html
    assert "<p>Phụ trách chung.</p>" in html
    assert '<a href="tel:02438250101">024 3825 0101</a>' in html
    assert 'href="mailto:vanphong@quanuy.example.vn"' in html


def test_contacts_list_the_bodies_with_address_phone_email_and_head(client):
    """Each body is listed with its head, address, phone and email; hidden ones are not."""
    make_department("Văn phòng Quận ủy", head_name="Hoàng Mai Phương", head_title="Chánh Văn phòng", order=1)
    make_department("Ban Tổ chức Quận ủy", order=2)
    make_department("Ban đã giải thể", is_shown=False)
    html = text(client.get("/gioi-thieu/lien-he/"))
    assert html.index("Văn phòng Quận ủy") < html.index("Ban Tổ chức Quận ủy")
    assert "<dt>Chánh Văn phòng</dt><dd>Hoàng Mai Phương</dd>" in html
    assert "<dd>Số 12 phố Hòa Bình</dd>" in html
    assert "Ban đã giải thể" not in html


def test_english_page_is_marked_english_and_shows_the_bodies_in_english(client):
    """/en/ holds the editors' English text inside lang="en", the bodies under their English names."""
    from about.models import EnglishPage

    EnglishPage.objects.create(title="About the District Party Committee", intro="<p>The committee leads.</p>")
    make_department(
        "Văn phòng Quận ủy", name_en="Office of the District Party Committee", address_en="12 Hoa Binh Street"
    )
    make_department("Ban chưa dịch")
    make_leader("Trần Minh Khoa", title_en="Secretary")
    html = text(client.get("/en/"))
    assert '<html lang="vi">' in html
    english = re.search(r'<div class="english-page" lang="en">(.*?)</div>\s*</main>', html, re.S).group(1)
    assert '<h1 class="page-title">About the District Party Committee</h1>' in english
    assert "<p>The committee leads.</p>" in english
    assert "Office of the District Party Committee" in english and "12 Hoa Binh Street" in english
    assert "<dt>Address</dt>" in english and "<dt>Phone</dt>" in english
    assert "<strong>Trần Minh Khoa</strong>, Secretary" in english
    assert "Ban chưa dịch" not in html
    assert 'aria-current="page">English</a>' in html


def test_english_page_answers_before_the_editors_wrote_it(client):
    """The header links to /en/ from every page: it answers even with nothing entered yet."""
    html = text(client.get("/en/"))
    assert 'lang="en"' in html and "About the District Party Committee" in html


@pytest.mark.parametrize("url", ["/gioi-thieu/", "/gioi-thieu/lanh-dao/", "/gioi-thieu/lien-he/", "/lien-ket/", "/en/"])
def test_pages_refuse_posts(client, url):
    """Reader pages are read-only: a POST is refused with 405, never a 500."""
    assert client.post(url).status_code == 405
