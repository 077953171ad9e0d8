"""A citizen votes in an article's own poll, whose ballot needs the anti-spam check (ALTCHA, self-hosted):
on a laptop and a phone, with the CPU slowed four times, under the real Content-Security-Policy, and
without JavaScript (where the page says the check needs it)."""

import pytest

from polls.models import Vote
from tests.browser.helpers import assert_accessible, expect, journey_notes, screenshot
from tests.factories import make_article, make_poll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Theo bạn, phường có nên mở thêm điểm đọc sách cho thiếu nhi?"
THANKS = "Cảm ơn bạn đã tham gia bình chọn! Phiếu của bạn đã được ghi nhận."
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# Records when the widget starts and ends its work, from the page itself.
WATCH_CHALLENGE = """() => {
    window.challengeTimes = {};
    document.querySelectorAll("altcha-widget").forEach((widget) => {
        widget.addEventListener("statechange", (event) => {
            window.challengeTimes[event.detail.state] = performance.now();
        });
    });
}"""


@pytest.fixture
def article_poll(transactional_db):
    article = make_article(title="Phường Hòa Bình khánh thành thư viện cộng đồng")
    make_poll("Bạn đánh giá thế nào về cổng thông tin của quận?", {"Tốt": 2, "Chưa tốt": 1})
    poll = make_poll(QUESTION, {"Có": 3, "Không": 1}, requires_challenge=True, article=article)
    return article, poll


def poll_box(page):
    return page.get_by_role("region", name="Bình chọn", exact=True)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366", "390"])
def test_citizen_votes_in_the_articles_poll_with_the_check(page, article_poll, viewport):
    """The article's poll comes first in its box; with the CPU four times slower the check is solved in under
    a second while the citizen votes; the results replace the form, one ballot is counted."""
    article, poll = article_poll
    page.goto(article.get_absolute_url())
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    box = poll_box(page)
    group = box.get_by_role("group", name=QUESTION)
    expect(group).to_be_visible()
    expect(box.locator("altcha-widget").first).to_be_attached()
    page.wait_for_function("customElements.get('altcha-widget') !== undefined")
    page.evaluate(WATCH_CHALLENGE)
    screenshot(page, "article-poll-challenge")
    assert_accessible(page, f"article-poll-challenge-{viewport['width']}")

    group.get_by_role("radio", name="Có").check()  # focusing the form starts the check
    box.get_by_role("button", name="Bình chọn").first.click()
    expect(box.locator(".poll-message")).to_have_text(THANKS)
    results = box.locator(".poll-result-figures")
    expect(results.first).to_have_text("80% (4 phiếu)")
    times = page.evaluate("window.challengeTimes")
    solve_ms = times["verified"] - times["verifying"]
    journey_notes[f"ALTCHA solve, CPU 4x slower, {viewport['width']} px"] = f"{solve_ms:.0f} ms"
    assert solve_ms < 1000
    assert Vote.objects.filter(poll=poll).count() == 5
    screenshot(page, "article-poll-voted")
    assert_accessible(page, f"article-poll-voted-{viewport['width']}", include=".poll-box")

    results_link = box.get_by_role("link", name="Xem kết quả").first
    results_link.click()
    back = page.get_by_role("article").get_by_role("link", name=article.title)
    expect(back).to_have_attribute("href", article.get_absolute_url())


def test_the_check_runs_under_the_real_policy(new_page, article_poll):
    """The widget, its worker and its styles load from this origin under the strict reader policy (a CSP
    violation in the console fails the test)."""
    article, poll = article_poll
    page = new_page(bypass_csp=False)
    response = page.goto(article.get_absolute_url())
    assert "script-src 'self'" in response.headers["content-security-policy"]
    box = poll_box(page)
    box.get_by_role("group", name=QUESTION).get_by_role("radio", name="Không").check()
    box.get_by_role("button", name="Bình chọn").first.click()
    expect(box.locator(".poll-message")).to_have_text(THANKS)
    assert Vote.objects.filter(poll=poll).count() == 5


def test_without_javascript_the_page_says_the_check_needs_it(new_page, article_poll):
    """Without JavaScript there is no check to solve: the box says so, and a ballot sent anyway is refused."""
    article, poll = article_poll
    page = new_page(java_script_enabled=False)
    page.goto(article.get_absolute_url())
    box = poll_box(page)
    expect(box.get_by_text("Biểu mẫu này cần JavaScript").first).to_be_visible()
    box.get_by_role("group", name=QUESTION).get_by_role("radio", name="Có").check()
    box.get_by_role("button", name="Bình chọn").first.click()
    expect(page.locator(".messages")).to_contain_text("Vui lòng chờ trình duyệt hoàn tất bước kiểm tra")
    assert Vote.objects.filter(poll=poll).count() == 4
