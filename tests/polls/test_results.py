"""Reader polls: The results and archive pages."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import SiteSettings
from polls.models import Poll, Vote
from polls.services import cast_vote
from tests.factories import make_poll
from tests.polls.helpers import answer_ids, page_text, vote_url

pytestmark = pytest.mark.django_db


def test_results_page_shows_counts_percentages_total_and_dates(client):
    """Each answer's count and percentage are in the text, with a bar, the total and the poll's dates."""
    opens_at = timezone.make_aware(timezone.datetime(2026, 3, 2, 8, 30))
    poll = make_poll(opens_at=opens_at, closes_at=opens_at + timedelta(days=3650))
    yes, no, _other = answer_ids(poll)
    for n, answer in enumerate([yes, yes, no]):
        cast_vote(poll, [answer], voter=f"v{n}", ip="10.0.0.1")
    html = page_text(client.get(poll.get_absolute_url()))
    assert "<strong>66,7%</strong> (2 phiếu)" in html and "<strong>33,3%</strong> (1 phiếu)" in html
    assert 'class="poll-bar-fill pw-67"' in html and 'aria-hidden="true"' in html
    assert "Tổng số: 3 người tham gia bình chọn" in html
    assert "Bắt đầu: <time" in html and "02/03/2026 08:30" in html and "Kết thúc: <time" in html
    assert "Đang diễn ra" in html
    assert "style=" not in html and "<script>" not in html


def test_results_page_offers_the_form_until_this_browser_voted(client):
    """A reader who has not voted can vote from the results page; afterwards the form is gone."""
    poll = make_poll()
    assert f'action="{vote_url(poll)}"' in page_text(client.get(poll.get_absolute_url()))
    client.post(vote_url(poll), {"answer": answer_ids(poll)[0]})
    html = page_text(client.get(poll.get_absolute_url()))
    assert f'action="{vote_url(poll)}"' not in html and "Bạn đã tham gia cuộc bình chọn này. Xin cảm ơn!" in html


def test_results_after_voting_are_hidden_from_non_voters(client):
    """With results 'after voting', a reader sees counts only once they voted."""
    poll = make_poll(results_visibility=Poll.ResultsVisibility.AFTER_VOTE)
    cast_vote(poll, answer_ids(poll)[:1], voter="someone", ip="10.0.0.1")
    html = page_text(client.get(poll.get_absolute_url()))
    assert 'class="poll-results"' not in html and "Kết quả được hiển thị sau khi bạn bình chọn." in html
    client.post(vote_url(poll), {"answer": answer_ids(poll)[0]})
    assert "Tổng số: 2 người tham gia bình chọn" in page_text(client.get(poll.get_absolute_url()))


def test_results_after_closing_are_published_when_the_poll_closes(client):
    """With results 'after closing', nobody sees counts while it is open; everybody after."""
    now = timezone.now()
    poll = make_poll(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1))
    Poll.objects.filter(pk=poll.pk).update(results_visibility=Poll.ResultsVisibility.AFTER_CLOSE)
    cast_vote(poll, answer_ids(poll)[:1], voter="someone", ip="10.0.0.1")
    assert 'class="poll-results"' not in page_text(client.get(poll.get_absolute_url()))
    with time_machine.travel(now + timedelta(days=2)):
        html = page_text(client.get(poll.get_absolute_url()))
    assert 'class="poll-results"' in html and "Đã kết thúc" in html


def test_archive_lists_past_polls_with_results_paginated(client, settings):
    """The archive lists closed polls, newest first, with their results, a page at a time."""
    settings.POLLS_ARCHIVE_PER_PAGE = 2
    make_poll("Đang mở")
    for n in range(3):
        poll = make_poll(f"Cuộc cũ {n}", opened_days_ago=30 - n, days_open=5)
        Vote.objects.create(poll=poll, voter_token=f"{n}" * 64, ip_hash="h").answers.add(answer_ids(poll)[0])
        poll.recount_votes()  # a ballot written directly: cast_vote() refuses closed polls
    html = page_text(client.get(reverse("polls:archive")))
    assert "Đang mở" in html and "Cuộc cũ 2" in html and "Cuộc cũ 1" in html and "Cuộc cũ 0" not in html
    assert html.index("Cuộc cũ 2") < html.index("Cuộc cũ 1")
    assert "Tổng số: 1 người tham gia bình chọn" in html and "Đã kết thúc" in html
    assert "Cuộc cũ 0" in page_text(client.get(reverse("polls:archive") + "?page=2"))
    assert client.get(reverse("polls:archive") + "?page=abc").status_code == 200


def test_archive_queries_do_not_grow_with_polls(client):
    """The archive costs the same few queries for 1 or 8 past polls (cold cache both times)."""

    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("polls:archive")).status_code == 200
        return len(ctx.captured_queries)

    SiteSettings.load()
    make_poll("Đang mở")
    make_poll("Cũ", opened_days_ago=30, days_open=5)
    first = queries()
    for n in range(7):
        make_poll(f"Cũ {n}", opened_days_ago=30, days_open=5, answers=("A", "B", "C", "D"))
    # 2 of them: the sidebar's 7- and 30-day most-read lists; 1 the footer's agency links (about).
    assert queries() == first <= 11
