"""The editors' ballots page of a poll in a real browser at 1366 and 390 px: the minute chart with
the stuffed minute in red, the groups, voiding a script's ballots and undoing it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polls.models import Poll, Vote
from polls.services import cast_vote
from polls.voters import hash_signature
from tests.browser.helpers import assert_accessible, expect, screenshot
from tests.factories import make_poll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
DESKTOP_1366 = {"width": 1366, "height": 768}


def stuffed_poll():
    """Readers over twenty minutes, then 25 ballots of one script in one minute."""
    poll = make_poll(question="Bạn đánh giá thế nào về dịch vụ hành chính công của quận?", answers=("Tốt", "Chưa tốt"))
    answers = list(poll.answers.values_list("pk", flat=True))
    start = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    for i in range(45):
        script = i >= 20
        vote = cast_vote(
            poll,
            [answers[1 if script else 0]],
            voter=f"browser-{i}",
            ip="198.51.100.9" if script else f"10.3.0.{i}",
            signature=hash_signature("curl/8.5" if script else f"Mozilla/5.0 #{i}", ""),
        )
        when = start + (timedelta(minutes=30, seconds=i) if script else timedelta(minutes=i))
        Vote.objects.filter(pk=vote.pk).update(created_at=when)
    return poll


@pytest.mark.parametrize("viewport", [DESKTOP_1366, PHONE_390], ids=["1366px", "390px"])
def test_an_editor_sees_the_stuffed_minute_voids_it_and_undoes_it(staff_page, newsroom, viewport):
    poll = stuffed_poll()
    width = viewport["width"]
    page = staff_page(newsroom.editor)
    page.goto(reverse("admin:polls_poll_ballots", args=[poll.pk]))
    expect(page.get_by_role("heading", name="Phiếu theo từng phút")).to_be_visible()
    expect(page.locator("svg rect.is-unusual")).to_have_count(1)
    expect(page.locator(".poll-ballots-table").first.locator("tr.is-unusual")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page, f"admin-poll-ballots-{width}")
    screenshot(page, "admin-poll-ballots")

    # The address of the script: the first, unusual, row of the addresses' table.
    page.locator('input[name="addresses"]').first.check()
    page.get_by_label("Lý do").fill("25 phiếu từ một địa chỉ trong một phút, cùng một trình duyệt.")
    page.get_by_role("button", name="Huỷ các phiếu đã chọn").click()
    expect(page.locator(".messagelist")).to_contain_text("Đã huỷ 25 phiếu")
    poll.refresh_from_db()
    assert poll.voters_total == 20
    expect(page.get_by_role("button", name="Hoàn tác")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page, f"admin-poll-ballots-voided-{width}")
    screenshot(page, "admin-poll-ballots-voided")

    page.get_by_role("button", name="Hoàn tác").click()
    expect(page.locator(".messagelist")).to_contain_text("được tính lại")
    assert Poll.objects.get(pk=poll.pk).voters_total == 45
