"""A citizen votes in the sidebar "Bình chọn" box: with JavaScript, without it, and with the keyboard alone.

Each journey ends with a second attempt from a tab the citizen had left open on the home page (its
form still there: after the vote the portal no longer offers one), which must be refused politely.
"""

import re

import pytest

from polls.models import Poll, Vote
from tests.browser.helpers import (
    OPEN_POLL_VOTES,
    assert_accessible,
    assert_focus_visible,
    expect,
    tab_to,
)
from tests.factories import make_poll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THANKS = "Cảm ơn bạn đã tham gia bình chọn! Phiếu của bạn đã được ghi nhận."
ALREADY_VOTED = "Bạn đã tham gia cuộc bình chọn này rồi. Xin cảm ơn! Mời bạn xem kết quả."
VOTED_NOTE = "Bạn đã tham gia cuộc bình chọn này. Xin cảm ơn!"
SEEN_BEFORE = sum(OPEN_POLL_VOTES.values())  # 4 voters: Có 3, Không 1, the third answer none


def expected_results(chosen):
    """Each answer's (text, "percentage (count)") once the citizen's vote for `chosen` is counted."""
    counts = {text: n + (text == chosen) for text, n in OPEN_POLL_VOTES.items()}
    total = SEEN_BEFORE + 1
    return [(text, f"{n * 100 // total}% ({n} phiếu)") for text, n in counts.items()], total


def poll_box(page):
    return page.get_by_role("region", name="Bình chọn", exact=True)


def check_results(container, chosen):
    """The answers' counts and percentages are written out as text, and the total under them."""
    rows, total = expected_results(chosen)
    results = container.locator(".poll-result")
    expect(results).to_have_count(len(rows))
    for i, (text, figures) in enumerate(rows):
        expect(results.nth(i).locator(".poll-result-text")).to_have_text(text)
        expect(results.nth(i).locator(".poll-result-figures")).to_have_text(figures)
    expect(container.locator(".poll-total")).to_have_text(f"Tổng số: {total} người tham gia bình chọn")


def check_counted_once(poll, chosen):
    """The database holds the seeded ballots plus exactly one from the citizen, for `chosen`."""
    assert Vote.objects.filter(poll=poll).count() == SEEN_BEFORE + 1
    assert poll.answers.get(text=chosen).choices.count() == OPEN_POLL_VOTES[chosen] + 1


def test_citizen_votes_in_the_box_without_a_reload_and_is_refused_a_second_time(page, open_poll):
    """A citizen picks an answer and votes: the box turns into the results, the page stays where it was; after
    a reload the box says they have voted, and a second vote from another tab is politely refused."""
    other_tab = page.context.new_page()
    other_tab.goto("/")
    page.goto("/")
    page.evaluate("window.pollJourneyMarker = 'same page'")

    box = poll_box(page)
    expect(box.get_by_role("group", name=open_poll.question)).to_be_visible()
    box.get_by_role("radio", name="Không").check()
    box.get_by_role("button", name="Bình chọn").click()

    message = box.locator(".poll-message")
    expect(message).to_have_text(THANKS)
    expect(message).to_be_focused()  # a screen reader reads the confirmation out
    check_results(box, chosen="Không")
    expect(box.get_by_role("radio")).to_have_count(0)
    # No navigation happened: the document (and what scripts put on window) is still the same.
    assert page.evaluate("window.pollJourneyMarker") == "same page"
    check_counted_once(open_poll, "Không")
    # The box as JavaScript rewrote it: no page checks cover this state.
    assert_accessible(page, "home-poll-box-after-voting", include=".poll-box")

    page.reload()
    box = poll_box(page)
    expect(box.get_by_text(VOTED_NOTE)).to_be_visible()
    expect(box.get_by_role("radio")).to_have_count(0)
    expect(box.get_by_role("link", name="Xem kết quả")).to_have_attribute("href", open_poll.get_absolute_url())

    # The other tab still shows the form: voting again there gets the results and a polite message.
    other_box = poll_box(other_tab)
    other_box.get_by_role("radio", name="Có").check()
    other_box.get_by_role("button", name="Bình chọn").click()
    expect(other_box.locator(".poll-message")).to_have_text(ALREADY_VOTED)
    check_results(other_box, chosen="Không")
    check_counted_once(open_poll, "Không")


def test_citizen_votes_without_javascript_and_is_refused_a_second_time(new_page, open_poll):
    """Without JavaScript the form posts and the poll's page shows the thanks and the results; a second vote
    from another tab gets the polite refusal, and only one vote is counted."""
    page = new_page(java_script_enabled=False)
    other_tab = page.context.new_page()
    other_tab.goto("/")
    page.goto("/")

    box = poll_box(page)
    box.get_by_role("radio", name="Không").check()
    box.get_by_role("button", name="Bình chọn").click()

    expect(page).to_have_url(re.compile(re.escape(open_poll.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(open_poll.question)
    main = page.get_by_role("main")
    expect(main.locator(".messages")).to_have_text(THANKS)
    expect(main.get_by_text(VOTED_NOTE)).to_be_visible()
    expect(main.get_by_role("radio")).to_have_count(0)  # no second form to tempt them
    check_results(main.get_by_role("region", name="Kết quả"), chosen="Không")
    check_counted_once(open_poll, "Không")

    other_box = poll_box(other_tab)
    other_box.get_by_role("radio", name="Có").check()
    other_box.get_by_role("button", name="Bình chọn").click()
    expect(other_tab).to_have_url(re.compile(re.escape(open_poll.get_absolute_url()) + "$"))
    other_main = other_tab.get_by_role("main")
    expect(other_main.locator(".messages")).to_have_text(ALREADY_VOTED)
    check_results(other_main.get_by_role("region", name="Kết quả"), chosen="Không")
    check_counted_once(open_poll, "Không")


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_citizen_votes_with_the_keyboard_alone(page, open_poll, key):
    """With Tab, Space and Enter (or Space) a citizen chooses an answer and votes, hears the thanks, and the
    focus then goes on to the results link, always visible."""
    page.goto("/")
    box = poll_box(page)

    answer = box.get_by_role("radio", name="Có")
    tab_to(page, answer)
    assert_focus_visible(answer)
    page.keyboard.press("Space")
    expect(answer).to_be_checked()

    # The answers are one stop for Tab (arrows move between them); the next Tab is the button.
    button = box.get_by_role("button", name="Bình chọn")
    page.keyboard.press("Tab")
    assert_focus_visible(button)
    page.keyboard.press("Shift+Tab")
    expect(answer).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press(key)

    message = box.locator(".poll-message")
    expect(message).to_have_text(THANKS)
    expect(message).to_be_focused()
    check_results(box, chosen="Có")

    results_link = box.get_by_role("link", name="Xem kết quả")
    page.keyboard.press("Tab")
    assert_focus_visible(results_link)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(open_poll.get_absolute_url()) + "$"))
    check_results(page.get_by_role("main").get_by_role("region", name="Kết quả"), chosen="Có")
    check_counted_once(open_poll, "Có")


def test_citizen_who_ticks_nothing_is_told_so_and_keeps_the_focus(page):
    """On a several-answers poll, voting with nothing ticked says so in Vietnamese in the box (a live region a
    screen reader reads out) and leaves the focus on the button; ticking two answers then counts one ballot."""
    channels = {"Cổng thông tin điện tử": 2, "Mạng xã hội": 1, "Loa truyền thanh phường": 1}
    poll = make_poll(
        "Bạn thường theo dõi tin tức của quận qua kênh nào?",
        channels,
        opened_days_ago=3,
        choice_type=Poll.ChoiceType.MULTIPLE,
    )
    page.goto("/")
    box = poll_box(page)
    status = box.get_by_role("status")
    # Empty, but rendered: a live region hidden with display:none when its text changes is not announced.
    assert status.evaluate("(el) => getComputedStyle(el).display") != "none"

    button = box.get_by_role("button", name="Bình chọn")
    tab_to(page, button)
    page.keyboard.press("Enter")
    expect(status).to_have_text("Vui lòng chọn một phương án trước khi bình chọn.")
    expect(button).to_be_enabled()
    expect(button).to_be_focused()
    assert Vote.objects.filter(poll=poll).count() == 4  # the seeded ballots only

    for text in ("Mạng xã hội", "Loa truyền thanh phường"):
        checkbox = box.get_by_role("checkbox", name=text)
        tab_to(page, checkbox)
        page.keyboard.press("Space")
        expect(checkbox).to_be_checked()
    tab_to(page, button)
    page.keyboard.press("Enter")
    expect(box.locator(".poll-message")).to_have_text(THANKS)
    # Percentages are of the 5 voters, so they add up to more than 100.
    figures = box.locator(".poll-result-figures")
    expect(figures).to_have_text(["40% (2 phiếu)", "40% (2 phiếu)", "40% (2 phiếu)"])
    assert Vote.objects.filter(poll=poll).count() == 5
    assert poll.answers.get(text="Cổng thông tin điện tử").choices.count() == 2
