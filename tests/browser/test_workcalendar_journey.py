"""A reader opens the work calendar, goes to the previous week, subscribes and prints the week."""

import io

import pytest
from django.core.management import call_command
from icalendar import Calendar
from pypdf import PdfReader

from tests.browser import helpers
from tests.browser.helpers import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
DESKTOP_1366 = {"width": 1366, "height": 900}


@pytest.mark.parametrize("viewport", [DESKTOP_1366, PHONE_390], ids=["desktop", "phone"])
def test_reader_reads_subscribes_and_prints(page, viewport):
    """The week reads well at 1366 and 390 px, its .ics parses and its print fits one A4 page."""
    call_command("seed_workcalendar", verbosity=0)
    page.goto("/")
    helpers.follow_menu_link(page, "Lịch công tác")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lịch công tác của Ban Thường vụ Quận ủy")
    expect(page.locator(".wc-today-mark")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    helpers.assert_accessible(page, f"workcalendar-week-{viewport['width']}")
    helpers.screenshot(page, "workcalendar-week")

    pdf = page.pdf(format="A4", print_background=True)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1

    href = page.get_by_role("link", name="Tải lịch tuần này (.ics)").get_attribute("href")
    response = page.request.get(href)
    assert response.headers["content-type"].startswith("text/calendar")
    assert len(Calendar.from_ical(response.body()).walk("VEVENT")) == 7
    assert (
        page.get_by_role("link", name="Theo dõi lịch trên ứng dụng lịch").get_attribute("href").startswith("webcal://")
    )

    page.get_by_role("link", name="Tuần trước").click()
    expect(page.get_by_role("link", name="Tuần sau")).to_be_visible()
    expect(page.locator(".wc-adjusted")).to_contain_text("Điều chỉnh lúc")
    helpers.assert_accessible(page, f"workcalendar-last-week-{viewport['width']}")
