"""The header and the reading tools in Chromium at 1366 and 390 px: the date line, the menu
button on a phone, the text size kept from page to page, the print button, the news by date."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.browser import helpers
from tests.browser.helpers import expect
from tests.factories import make_article, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
DESKTOP_1366 = {"width": 1366, "height": 900}
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def vietnam_today_line():
    today = timezone.localdate()  # TIME_ZONE is Asia/Ho_Chi_Minh
    return f"{WEEKDAYS[today.weekday()]}, {today:%d/%m/%Y}"


def articles():
    sections = [make_section(name=name) for name in ("Tin tức - Sự kiện", "Xây dựng Đảng", "Kinh tế - Xã hội")]
    day = timezone.make_aware(datetime.datetime(2020, 3, 26, 9, 30))
    old = make_article(section=sections[1], title="Hội nghị sơ kết năm 2020", published_at=day, photos=1)
    for n, section in enumerate(sections):
        make_article(section=section, title=f"Tin mới số {n}")
    return old


def no_horizontal_overflow(page):
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("viewport", [DESKTOP_1366, PHONE_390], ids=["desktop", "phone"])
def test_date_line_menu_text_size_print_and_news_by_date(page, viewport):
    old = articles()
    page.goto("/")
    expect(page.locator(".date-line")).to_have_text(vietnam_today_line())
    menu = page.locator("#main-menu")
    button = page.get_by_role("button", name="Danh mục")
    if viewport is PHONE_390:
        # The menu is behind its button, whole once opened, and closed again by Escape.
        expect(menu).to_be_hidden()
        expect(button).to_have_attribute("aria-expanded", "false")
        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")
        expect(menu.get_by_role("link", name="Xây dựng Đảng")).to_be_visible()
        expect(menu.get_by_role("link", name="Văn bản")).to_be_visible()
        helpers.screenshot(page, "header-menu-open")
        page.keyboard.press("Escape")
        expect(menu).to_be_hidden()
        assert helpers.is_focused(button)
    else:
        expect(button).to_be_hidden()
        expect(menu.get_by_role("link", name="Văn bản")).to_be_visible()
    no_horizontal_overflow(page)
    helpers.assert_accessible(page, f"home-header-{viewport['width']}")
    helpers.screenshot(page, "home")

    page.goto(old.get_absolute_url())
    body = page.locator(".article-body")
    default_size = body.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)")
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    larger = body.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)")
    assert larger > default_size * 1.25
    expect(page.get_by_role("button", name="In bài")).to_be_visible()
    no_horizontal_overflow(page)
    helpers.assert_accessible(page, f"article-tools-{viewport['width']}")
    helpers.screenshot(page, "article-tools")

    # The date of the article leads to the news of that day; the size chosen is kept there.
    page.locator(".article-meta a.article-date").click()
    expect(page).to_have_url(re.compile(r"/tin-theo-ngay/2020/03/26/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tin ngày 26/03/2020")
    expect(page.get_by_role("link", name="Hội nghị sơ kết năm 2020")).to_be_visible()
    assert page.evaluate("document.documentElement.getAttribute('data-text-size')") == "2"
    no_horizontal_overflow(page)
    helpers.assert_accessible(page, f"news-by-date-{viewport['width']}")
    helpers.screenshot(page, "news-by-date")

    # Typed by hand, in dd/mm/yyyy whatever the browser's language; a wrong day is explained.
    page.get_by_label("Ngày (dd/mm/yyyy)").fill("31/02/2020")
    page.get_by_role("button", name="Xem tin ngày này").click()
    expect(page.get_by_role("alert")).to_contain_text("Nhập ngày theo dạng dd/mm/yyyy")
    page.get_by_label("Ngày (dd/mm/yyyy)").fill("26/03/2020")
    page.get_by_role("button", name="Xem tin ngày này").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tin ngày 26/03/2020")
    page.get_by_role("link", name="Tin theo ngày").first.click()
    expect(page.locator(".month-grid")).to_be_visible()
    no_horizontal_overflow(page)
