"""Reader polls: Polls as data: the clock, the one-ballot rule, results."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from polls.models import Poll, Vote
from polls.services import AlreadyVoted, cast_vote
from tests.factories import make_poll
from tests.polls.helpers import answer_ids, vote_count

pytestmark = pytest.mark.django_db


def test_open_and_closed_querysets_follow_the_clock():
    """Only polls inside their window accept votes; the archive holds the closed ones."""
    open_poll = make_poll("Đang mở")
    upcoming = make_poll("Sắp mở", opened_days_ago=-2)
    closed = make_poll("Đã đóng", opened_days_ago=10, days_open=3)
    hidden = make_poll("Bị ẩn", is_active=False)
    assert list(Poll.objects.open()) == [open_poll]
    assert list(Poll.objects.closed()) == [closed]
    assert not upcoming.is_open() and not hidden.is_open() and open_poll.is_open()


def test_a_poll_cannot_close_before_it_opens():
    """An editor typing a closing time before the opening time gets a form error, and the database refuses it too."""
    now = timezone.now()
    poll = Poll(question="Sai thời gian", opens_at=now, closes_at=now - timedelta(hours=1))
    with pytest.raises(ValidationError):
        poll.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        poll.save()


def test_results_count_ballots_and_give_percentages():
    """Each answer's count and share of the voters come from the ballots themselves."""
    poll = make_poll()
    yes, no, other = answer_ids(poll)
    for n, answer in enumerate([yes, yes, yes, no]):
        cast_vote(poll, [answer], voter=f"browser-{n}", ip="10.0.0.1")
    poll = Poll.objects.with_results().get(pk=poll.pk)
    assert poll.voter_count == 4
    assert [(r.answer.pk, r.count, r.percent) for r in poll.results()] == [(yes, 3, 75.0), (no, 1, 25.0), (other, 0, 0)]
    assert [r.bar_width for r in poll.results()] == [75, 25, 0]


def test_the_database_refuses_a_second_ballot_from_the_same_browser():
    """Even bypassing every check in the code, a second ballot with the same token cannot be stored."""
    poll = make_poll()
    Vote.objects.create(poll=poll, voter_token="a" * 64, ip_hash="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(poll=poll, voter_token="a" * 64, ip_hash="y")


def test_a_duplicate_slipping_past_the_checks_is_reported_as_already_voted():
    """If a duplicate ballot gets past the duplicate check, the constraint's refusal becomes the polite answer."""
    poll = make_poll()
    cast_vote(poll, answer_ids(poll)[:1], voter="same-browser", ip="10.0.0.1")
    with mock.patch("django.db.models.query.QuerySet.exists", side_effect=[False, True]):
        with pytest.raises(AlreadyVoted):
            cast_vote(poll, answer_ids(poll)[1:2], voter="same-browser", ip="10.0.0.2")
    assert vote_count(poll) == 1


def test_results_visibility_follows_the_editors_choice():
    """'After voting' shows results to voters, 'after closing' to nobody until the poll closes."""
    always = make_poll(results_visibility=Poll.ResultsVisibility.ALWAYS)
    after_vote = make_poll(results_visibility=Poll.ResultsVisibility.AFTER_VOTE)
    after_close = make_poll(results_visibility=Poll.ResultsVisibility.AFTER_CLOSE)
    assert always.results_visible(has_voted=False)
    assert not after_vote.results_visible(has_voted=False) and after_vote.results_visible(has_voted=True)
    assert not after_close.results_visible(has_voted=True)
    later = timezone.now() + timedelta(days=1)
    after_close.closes_at = after_vote.closes_at = timezone.now() + timedelta(hours=1)
    assert after_close.results_visible(now=later) and after_vote.results_visible(now=later)
