"""A reader's journey through the documents register: Văn bản from the menu, a search by number and
code, a search by words typed without diacritics, a filter, then the document's page with its PDF;
axe-core and screenshots at 1366 and 390 px."""

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
def register(transactional_db):
    """The demo register of seed_documents: 32 documents with their PDFs, 133-KH/QU among them."""
    call_command("seed_documents", verbosity=0)


def assert_fits(page):
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"wider than the {width} px window"


def search(page, words):
    box = page.get_by_label("Số/ký hiệu, hoặc từ trong trích yếu, nội dung")
    box.fill(words)
    box.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(f"cho “{words}”")


@VIEWPORTS
def test_reader_finds_plan_133_and_opens_it(page, register, viewport):
    """From the menu, “133-KH/QU” finds the plan first; “dai hoi dai bieu” finds it too; its page shows the PDF."""
    width = viewport["width"]
    page.goto("/")
    helpers.follow_menu_link(page, "Văn bản")
    expect(page).to_have_url(re.compile(r"/van-ban/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Văn bản")
    expect(helpers.menu_link(page, "Văn bản")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("status")).to_have_text("32 văn bản.")
    assert_accessible(page, f"documents-register-{width}")
    assert_fits(page)
    screenshot(page, "documents-register")

    search(page, "133-KH/QU")
    numbers = page.locator(".doc-number a")
    expect(numbers.first).to_have_text("133-KH/QU")
    expect(page.get_by_role("row").filter(has_text="47-BC/QU")).to_have_count(1)  # the report citing it
    assert_accessible(page, f"documents-search-code-{width}")
    assert_fits(page)

    search(page, "dai hoi dai bieu")
    expect(numbers.filter(has_text="133-KH/QU")).to_have_count(1)
    expect(page.locator(".doc-summary mark").first).to_have_text(re.compile(r"^đại$", re.IGNORECASE))
    page.get_by_label("Năm ban hành").select_option("2019")
    page.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(r"nam=2019"))
    expect(page).to_have_url(re.compile(r"q=dai\+hoi\+dai\+bieu"))
    expect(numbers).to_have_text(["133-KH/QU"])
    expect(page.get_by_label("Năm ban hành")).to_have_value("2019")
    assert_accessible(page, f"documents-search-words-{width}")
    assert_fits(page)
    screenshot(page, "documents-search")

    numbers.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kế hoạch 133-KH/QU")
    meta = page.get_by_role("table", name="Thông tin văn bản")
    expect(meta.get_by_role("row", name=re.compile("Ngày ban hành"))).to_contain_text("25/11/2019")
    expect(meta.get_by_role("row", name=re.compile("Cơ quan ban hành"))).to_contain_text("Ban Thường vụ Quận ủy")
    download = page.get_by_role("link", name="Tải về tệp PDF")
    expect(download).to_be_visible()
    expect(page.locator(".doc-size").first).to_contain_text(re.compile(r"PDF, [\d,]+\s?KB, 3 trang"))
    viewer = page.locator("iframe.doc-viewer")
    if width >= 700:
        expect(viewer).to_be_visible()
        expect(viewer).to_have_attribute("title", "Toàn văn Kế hoạch 133-KH/QU (PDF)")
    else:
        expect(viewer).to_be_hidden()  # phones: opened on its own instead
        expect(page.get_by_role("link", name="hãy mở riêng tệp")).to_be_visible()
    pdf = page.request.get(viewer.get_attribute("src"))
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF-")
    assert pdf.headers["content-disposition"] == 'inline; filename="133-kh-qu.pdf"'
    saved = page.request.get(download.get_attribute("href"))
    assert saved.headers["content-disposition"] == 'attachment; filename="133-kh-qu.pdf"'
    assert_accessible(page, f"documents-page-{width}")
    assert_fits(page)
    screenshot(page, "documents-page")


def test_the_pdf_frame_loads_under_the_sites_own_policy(new_page, register):
    """With the real Content-Security-Policy, the page's frame loads the PDF (allowed: same origin)."""
    page = new_page(bypass_csp=False, viewport=LAPTOP)
    loaded = []
    page.on("response", lambda response: "/xem.pdf" in response.url and loaded.append(response.status))
    page.goto("/van-ban/133-kh-qu/")
    page.locator("iframe.doc-viewer").scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    assert loaded and loaded[0] == 200
