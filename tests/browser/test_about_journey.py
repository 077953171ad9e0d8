"""A reader's journey through the introduction: Giới thiệu from the menu, the leaders, the English
page from the header, an agency's portal from the footer; axe-core and screenshots at 1366 and 390 px."""

import re

import pytest
from django.core.management import call_command

from tests.browser import helpers
from tests.browser.helpers import assert_accessible, expect, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 900}
PHONE_390 = {"width": 390, "height": 844}
VIEWPORTS = pytest.mark.parametrize("viewport", [LAPTOP, PHONE_390], ids=["1366px", "390px"])


@pytest.fixture
def introduction(transactional_db):
    """The demo introduction of seed_about: pages, fictional leaders with photos, bodies, English page, links."""
    call_command("seed_about", verbosity=0)


def assert_fits(page):
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"wider than the {width} px window"


@VIEWPORTS
def test_reader_reads_the_introduction_the_leaders_and_the_english_page(page, introduction, viewport):
    """From the home page's menu a reader opens Giới thiệu, a page, the leaders, then English from the header."""
    width = viewport["width"]
    page.goto("/")
    helpers.follow_menu_link(page, "Giới thiệu")
    expect(page).to_have_url(re.compile(r"/gioi-thieu/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Giới thiệu")
    expect(helpers.menu_link(page, "Giới thiệu")).to_have_attribute("aria-current", "page")
    assert_accessible(page, f"about-index-{width}")
    assert_fits(page)

    page.get_by_role("main").get_by_role("link", name="Sơ đồ tổ chức").click()
    chart = page.get_by_role("img", name="Sơ đồ tổ chức Đảng bộ quận")
    expect(chart).to_be_visible()
    assert chart.evaluate("(img) => img.decode().then(() => img.naturalWidth)") > 0
    page.get_by_role("link", name="Xem nội dung dạng văn bản").click()
    expect(page.locator("#image-text")).to_contain_text("Ban Thường vụ Quận ủy")
    assert_accessible(page, f"about-chart-{width}")
    assert_fits(page)

    page.get_by_role("link", name="Lãnh đạo Quận ủy").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lãnh đạo Quận ủy")
    names = page.locator(".leader-name")
    expect(names.first).to_have_text("Trần Minh Khoa")
    expect(names).to_have_count(7)
    photo = page.get_by_role("img", name="Trần Minh Khoa")
    expect(photo).to_be_visible()
    assert photo.evaluate("(img) => img.decode().then(() => img.naturalWidth)") > 0
    assert_accessible(page, f"about-leaders-{width}")
    assert_fits(page)
    screenshot(page, "about-leaders")

    english_link = page.get_by_role("banner").get_by_role("link", name="English")
    expect(english_link).to_have_attribute("hreflang", "en")
    english_link.click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    english = page.locator('main [lang="en"]')
    expect(english.get_by_role("heading", level=1)).to_have_text("About the District Party Committee")
    expect(english).to_contain_text("Organisation Board")
    expect(english).to_contain_text("Secretary of the District Party Committee")
    assert_accessible(page, f"about-english-{width}")
    assert_fits(page)
    screenshot(page, "about-english")


@VIEWPORTS
def test_reader_follows_an_agency_link_from_the_footer(page, introduction, viewport):
    """The footer of every page lists the agencies' portals; following one leads to it."""
    # No network in tests: the city's portal is answered by the browser itself.
    page.route(
        "https://hanoi.gov.vn/**",
        lambda route: route.fulfill(
            content_type="text/html; charset=utf-8",
            body="<!DOCTYPE html><html lang='vi'><title>Cổng thông tin điện tử thành phố Hà Nội</title></html>",
        ),
    )
    page.goto("/gioi-thieu/lien-he/")
    footer = page.get_by_role("contentinfo").get_by_role("navigation", name="Liên kết")
    link = footer.get_by_role("link", name="Cổng thông tin điện tử thành phố Hà Nội")
    expect(link).to_have_attribute("rel", "noopener external")
    assert_accessible(page, f"about-contacts-{viewport['width']}")
    assert_fits(page)
    link.click()
    expect(page).to_have_title("Cổng thông tin điện tử thành phố Hà Nội")
