"""Reader polls: the box, voting with and without JavaScript, one vote per browser, results, archive, admin."""

import csv
import io
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import SiteSettings
from polls.models import Answer, Poll, Vote
from polls.services import AlreadyVoted, InvalidAnswers, PollClosed, cast_vote
from polls.voters import COOKIE_NAME, hash_ip
from tests.factories import make_article

pytestmark = pytest.mark.django_db

QUESTION = "Theo bạn quận có nên xây dựng mô hình đô thị thông minh hay không?"


def make_poll(question=QUESTION, answers=("Có", "Không", "Ý kiến khác"), days_open=None, opened_days_ago=1, **kwargs):
    """A poll opened `opened_days_ago` days ago (negative: opens in the future), closing after `days_open` days."""
    opens_at = kwargs.pop("opens_at", timezone.now() - timedelta(days=opened_days_ago))
    closes_at = kwargs.pop("closes_at", opens_at + timedelta(days=days_open) if days_open is not None else None)
    poll = Poll.objects.create(question=question, opens_at=opens_at, closes_at=closes_at, **kwargs)
    for order, text in enumerate(answers):
        Answer.objects.create(poll=poll, text=text, order=order)
    return poll


def answer_ids(poll):
    return list(poll.answers.order_by("order").values_list("pk", flat=True))


def vote_url(poll):
    return reverse("polls:vote", args=[poll.pk])


def page_text(response):
    return response.content.decode()


def vote_count(poll):
    return Vote.objects.filter(poll=poll).count()


# Models


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


# The poll box


def test_home_page_shows_the_poll_box(client):
    """The sidebar has a "Bình chọn" box with the question, its answers, a vote button and a results link."""
    poll = make_poll()
    html = page_text(client.get(reverse("news:home")))
    assert "Bình chọn</h2>" in html
    assert QUESTION in html
    assert 'type="radio" name="answer"' in html and "Ý kiến khác" in html
    assert f'action="{vote_url(poll)}"' in html and "csrfmiddlewaretoken" not in html
    assert ">Bình chọn</button>" in html
    assert f'href="{poll.get_absolute_url()}">Xem kết quả</a>' in html
    assert "js/polls.js" in html and "<script>" not in html and "style=" not in html


def test_article_and_section_pages_show_the_poll_box(client):
    """Readers see the poll beside articles and on section pages too."""
    make_poll()
    article = make_article()
    assert QUESTION in page_text(client.get(article.get_absolute_url()))
    assert QUESTION in page_text(client.get(article.section.get_absolute_url()))


def test_several_answers_poll_uses_checkboxes(client):
    """A several-answers poll offers checkboxes and says so."""
    make_poll(choice_type=Poll.ChoiceType.MULTIPLE)
    html = page_text(client.get(reverse("news:home")))
    assert 'type="checkbox" name="answer"' in html and "Bạn có thể chọn nhiều phương án." in html


def test_box_hides_closed_upcoming_and_hidden_polls(client):
    """Without an open poll there is no box at all."""
    make_poll("Sắp mở", opened_days_ago=-1)
    make_poll("Đã đóng", opened_days_ago=10, days_open=2)
    make_poll("Bị ẩn", is_active=False)
    assert "poll-box" not in page_text(client.get(reverse("news:home")))


def render_box():
    request = RequestFactory().get("/")
    return Template("{% load polls_tags %}{% poll_box %}").render(Context({"request": request, "csrf_token": "t"}))


@pytest.mark.parametrize("polls, answers", [(1, 2), (4, 8)])
def test_poll_box_costs_two_queries_then_none(django_assert_num_queries, polls, answers):
    """The box costs two queries whatever the number of polls and answers, and none while cached."""
    for n in range(polls):
        make_poll(f"Câu hỏi {n}", answers=[f"Phương án {i}" for i in range(answers)])
    with django_assert_num_queries(2):
        html = render_box()
    assert "Câu hỏi" in html
    with django_assert_num_queries(0):
        assert render_box() == html


def test_box_thanks_a_browser_that_already_voted(client):
    """After voting, the box on other pages shows a thank-you and the results link instead of the form."""
    poll = make_poll()
    client.post(vote_url(poll), {"answer": answer_ids(poll)[0]})
    html = page_text(client.get(reverse("news:home")))
    assert "Bạn đã tham gia cuộc bình chọn này. Xin cảm ơn!" in html and f'action="{vote_url(poll)}"' not in html
    assert f'href="{poll.get_absolute_url()}">Xem kết quả</a>' in html
    assert f'action="{vote_url(poll)}"' in page_text(type(client)().get(reverse("news:home")))


def test_editor_changes_reach_the_box_at_once():
    """A poll an editor creates or closes shows up in (or leaves) the cached box immediately."""
    render_box()
    poll = make_poll("Câu hỏi mới")
    assert "Câu hỏi mới" in render_box()
    poll.closes_at = timezone.now() - timedelta(seconds=1)
    poll.save()
    assert "Câu hỏi mới" not in render_box()


def test_scheduled_poll_opens_and_closes_by_itself():
    """A scheduled poll appears at its opening time and leaves at its closing time, with no job and a warm cache."""
    now = timezone.now()
    make_poll("Hẹn giờ", opens_at=now + timedelta(hours=1), closes_at=now + timedelta(hours=2))
    assert "Hẹn giờ" not in render_box()
    with time_machine.travel(now + timedelta(minutes=90)):
        assert "Hẹn giờ" in render_box()
    with time_machine.travel(now + timedelta(hours=3)):
        assert "Hẹn giờ" not in render_box()


# Voting without JavaScript


def test_vote_redirects_to_the_results_with_a_thank_you(client):
    """A plain form post counts the vote, then shows the results with a Vietnamese thank-you (PRG)."""
    poll = make_poll()
    yes = answer_ids(poll)[0]
    response = client.post(vote_url(poll), {"answer": yes})
    assert response.status_code == 302 and response.url == poll.get_absolute_url()
    assert vote_count(poll) == 1
    assert list(Vote.objects.get(poll=poll).answers.values_list("pk", flat=True)) == [yes]
    assert COOKIE_NAME in response.cookies and response.cookies[COOKIE_NAME]["httponly"]
    html = page_text(client.get(response.url))
    assert "Cảm ơn bạn đã tham gia bình chọn! Phiếu của bạn đã được ghi nhận." in html
    assert "100%" in html and "1 phiếu" in html and "Tổng số: 1 người tham gia bình chọn" in html


def test_second_vote_from_the_same_browser_is_politely_refused(client):
    """Voting twice shows a polite Vietnamese message and the results; only the first vote counts."""
    poll = make_poll()
    yes, no, _other = answer_ids(poll)
    client.post(vote_url(poll), {"answer": yes})
    response = client.post(vote_url(poll), {"answer": no}, follow=True)
    assert response.status_code == 200
    assert "Bạn đã tham gia cuộc bình chọn này rồi. Xin cảm ơn! Mời bạn xem kết quả." in page_text(response)
    assert vote_count(poll) == 1


def test_clearing_only_the_session_or_only_the_cookie_does_not_allow_a_second_vote(client, settings):
    """The token lives in the signed cookie and in the session: dropping one of them is not enough."""
    poll = make_poll()
    yes = answer_ids(poll)[0]
    client.post(vote_url(poll), {"answer": yes})
    voter_cookie = client.cookies[COOKIE_NAME].value

    del client.cookies[settings.SESSION_COOKIE_NAME]  # new session, same signed cookie
    client.post(vote_url(poll), {"answer": yes})
    assert vote_count(poll) == 1

    client.post(vote_url(poll), {"answer": yes})  # the new session now knows the vote too
    del client.cookies[COOKIE_NAME]  # cookie gone, session kept
    client.post(vote_url(poll), {"answer": yes})
    assert vote_count(poll) == 1
    assert voter_cookie


def test_tampered_cookie_is_ignored_not_an_error(client):
    """A forged or garbled voter cookie is ignored: no error page, and it cannot pass for another voter."""
    poll = make_poll()
    yes = answer_ids(poll)[0]
    client.post(vote_url(poll), {"answer": yes})
    genuine = client.cookies[COOKIE_NAME].value

    other = type(client)()
    token, _sep, signature = genuine.partition(":")
    for forged in ["garbage", genuine[:-2] + "xx", "x" * 5000, "caf\xe9:\xff", token]:
        other.cookies[COOKIE_NAME] = forged
        assert other.get(poll.get_absolute_url()).status_code == 200
    other.cookies[COOKIE_NAME] = genuine[:-2] + "xx"
    response = other.post(vote_url(poll), {"answer": yes})
    assert response.status_code == 302
    assert vote_count(poll) == 2  # counted as a new browser, not refused as the genuine voter
    assert response.cookies[COOKIE_NAME].value != genuine[:-2] + "xx"


def test_closed_poll_accepts_no_vote(client):
    """Voting in a closed poll is refused with a clear Vietnamese message; nothing is counted."""
    poll = make_poll(opened_days_ago=10, days_open=2)
    response = client.post(vote_url(poll), {"answer": answer_ids(poll)[0]}, follow=True)
    assert "Cuộc bình chọn này đã kết thúc, không nhận thêm phiếu." in page_text(response)
    assert vote_count(poll) == 0


def test_poll_not_open_yet_accepts_no_vote(client):
    """Voting before the opening time is refused with a clear message; nothing is counted."""
    poll = make_poll(opened_days_ago=-1)
    response = client.post(vote_url(poll), {"answer": answer_ids(poll)[0]}, follow=True)
    assert "Cuộc bình chọn này chưa bắt đầu nên chưa nhận phiếu." in page_text(response)
    assert vote_count(poll) == 0


def test_poll_closing_between_page_and_vote_is_refused_by_the_service():
    """The open check is repeated under the lock, so a poll closed a moment ago takes no vote."""
    poll = make_poll()
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(PollClosed):
        cast_vote(poll, answer_ids(poll)[:1], voter="late", ip="10.0.0.9")
    assert vote_count(poll) == 0


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Vui lòng chọn một phương án trước khi bình chọn."),
        ({"answer": ""}, "Vui lòng chọn một phương án trước khi bình chọn."),
        ({"answer": "999999"}, "Vui lòng chọn một phương án của cuộc bình chọn này."),
        ({"answer": "abc"}, "Vui lòng chọn một phương án của cuộc bình chọn này."),
        ({"answer": "-1"}, "Vui lòng chọn một phương án của cuộc bình chọn này."),
        ({"answer": "1e9999"}, "Vui lòng chọn một phương án của cuộc bình chọn này."),
    ],
)
def test_bad_answers_get_a_vietnamese_form_message(client, data, message):
    """No answer, a nonexistent or non-numeric id: a 400 with the form and a Vietnamese message, nothing counted."""
    poll = make_poll()
    response = client.post(vote_url(poll), data)
    assert response.status_code == 400
    assert message in page_text(response) and QUESTION in page_text(response)
    assert vote_count(poll) == 0


def test_answer_of_another_poll_is_refused(client):
    """An answer id that belongs to a different poll is not counted anywhere."""
    poll, other = make_poll(), make_poll("Câu hỏi khác", answers=("A", "B"))
    response = client.post(vote_url(poll), {"answer": answer_ids(other)[0]})
    assert response.status_code == 400
    assert "Vui lòng chọn một phương án của cuộc bình chọn này." in page_text(response)
    assert Vote.objects.count() == 0


def test_several_answers_on_a_one_answer_poll_are_refused(client):
    """A crafted post with two answers on a one-answer poll is refused, not silently trimmed."""
    poll = make_poll()
    response = client.post(vote_url(poll), {"answer": answer_ids(poll)[:2]})
    assert response.status_code == 400
    assert "Cuộc bình chọn này chỉ cho phép chọn một phương án." in page_text(response)
    assert vote_count(poll) == 0


def test_service_refuses_bad_answers_by_itself():
    """cast_vote checks on its own what the form checks: empty, foreign, several on a one-answer poll."""
    poll, other = make_poll(), make_poll("Khác", answers=("A", "B"))
    for answers in ([], answer_ids(other)[:1], answer_ids(poll)[:2], ["x"], [None]):
        with pytest.raises(InvalidAnswers):
            cast_vote(poll, answers, voter="v", ip="10.0.0.1")
    assert Vote.objects.count() == 0


def test_get_on_the_vote_url_is_refused(client):
    """Opening the vote address in the browser is a 405, and counts nothing."""
    poll = make_poll()
    assert client.get(vote_url(poll)).status_code == 405
    assert vote_count(poll) == 0


@pytest.mark.parametrize("path", ["/binh-chon/abc/bo-phieu/", "/binh-chon/999999/bo-phieu/", "/binh-chon/1.5/ket-qua/"])
def test_unknown_or_non_numeric_poll_ids_are_404(client, path):
    """A made-up poll address is a plain 404 page."""
    make_poll()
    assert client.post(path, {"answer": "1"}).status_code == 404
    assert client.get(path.replace("bo-phieu", "ket-qua")).status_code == 404


def test_huge_poll_id_is_404_not_an_error(client):
    """An id beyond the database's integer range is a 404, not a server error."""
    assert client.get("/binh-chon/99999999999999999999999/ket-qua/").status_code == 404
    assert client.post("/binh-chon/99999999999999999999999/bo-phieu/", {"answer": "1"}).status_code == 404


def test_hidden_poll_is_404(client):
    """A poll an editor hid cannot be seen or voted in."""
    poll = make_poll(is_active=False)
    assert client.get(poll.get_absolute_url()).status_code == 404
    assert client.post(vote_url(poll), {"answer": answer_ids(poll)[0]}).status_code == 404


def test_several_answers_poll_counts_each_chosen_answer(client):
    """On a several-answers poll each chosen answer is counted, and percentages are of voters."""
    poll = make_poll(choice_type=Poll.ChoiceType.MULTIPLE)
    a, b, c = answer_ids(poll)
    client.post(vote_url(poll), {"answer": [a, b]})
    type(client)().post(vote_url(poll), {"answer": [a]})
    poll = Poll.objects.with_results().get(pk=poll.pk)
    assert poll.voter_count == 2
    assert [(r.count, r.percent) for r in poll.results()] == [(2, 100.0), (1, 50.0), (0, 0)]


def test_per_address_limit_stops_stuffing(client, settings):
    """Past POLLS_MAX_VOTES_PER_IP votes from one address, further browsers there are refused; others still vote."""
    settings.POLLS_MAX_VOTES_PER_IP = 3
    poll = make_poll()
    yes = answer_ids(poll)[0]
    for _ in range(4):
        response = type(client)(REMOTE_ADDR="198.51.100.7").post(vote_url(poll), {"answer": yes}, follow=True)
    assert "Đã có quá nhiều phiếu gửi từ mạng của bạn" in page_text(response)
    assert vote_count(poll) == 3
    type(client)(REMOTE_ADDR="198.51.100.8").post(vote_url(poll), {"answer": yes})
    assert vote_count(poll) == 4


def test_default_limit_tolerates_an_office_behind_one_address(settings):
    """The default per-address limit lets a whole office behind one NAT address vote."""
    assert settings.POLLS_MAX_VOTES_PER_IP >= 100


def test_address_behind_a_proxy_comes_from_x_forwarded_for(client, settings):
    """Behind nginx the limit applies to the reader's address, and a spoofed header entry changes nothing."""
    settings.POLLS_MAX_VOTES_PER_IP = 1
    settings.POLLS_PROXY_COUNT = 1
    poll = make_poll()
    yes = answer_ids(poll)[0]
    for spoof in ["1.1.1.1", "2.2.2.2"]:
        type(client)(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{spoof}, 203.0.113.5").post(
            vote_url(poll), {"answer": yes}
        )
    type(client)(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6").post(vote_url(poll), {"answer": yes})
    assert sorted(Vote.objects.values_list("ip_hash", flat=True)) == sorted(
        [hash_ip("203.0.113.5"), hash_ip("203.0.113.6")]
    )


def test_ballots_keep_no_raw_address_or_token(client):
    """A ballot stores a keyed hash of the address and of the browser token, never the values themselves."""
    poll = make_poll()
    client.post(vote_url(poll), {"answer": answer_ids(poll)[0]}, REMOTE_ADDR="192.0.2.44")
    vote = Vote.objects.get()
    token = client.session["polls_voter"]
    assert vote.ip_hash == hash_ip("192.0.2.44") and "192.0.2.44" not in vote.ip_hash
    assert token not in vote.voter_token and len(vote.voter_token) == 64


# Voting with JavaScript (polls.js asks for JSON)


def test_javascript_vote_gets_the_results_as_json(client):
    """polls.js gets JSON with the results to put in the box, and no message is left for the next page."""
    poll = make_poll()
    response = client.post(vote_url(poll), {"answer": answer_ids(poll)[0]}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "voted"
    assert "Cảm ơn bạn đã tham gia bình chọn!" in data["message"]
    assert 'class="poll-results"' in data["html"] and "100%" in data["html"] and 'role="status"' in data["html"]
    assert "style=" not in data["html"]
    assert COOKIE_NAME in response.cookies and vote_count(poll) == 1
    assert "Cảm ơn" not in page_text(client.get(reverse("news:home")))


def test_javascript_repeat_and_bad_votes(client):
    """With JavaScript, a repeat vote gets the polite message and the results; a vote without answer a 400."""
    poll = make_poll()
    assert client.post(vote_url(poll), {}, HTTP_ACCEPT="application/json").json() == {
        "status": "invalid",
        "message": "Vui lòng chọn một phương án trước khi bình chọn.",
    }
    client.post(vote_url(poll), {"answer": answer_ids(poll)[0]}, HTTP_ACCEPT="application/json")
    response = client.post(vote_url(poll), {"answer": answer_ids(poll)[1]}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["status"] == "already_voted"
    assert "Bạn đã tham gia cuộc bình chọn này rồi." in response.json()["html"]
    assert vote_count(poll) == 1


def test_javascript_vote_on_closed_poll_gets_409(client):
    """With JavaScript, a closed poll answers 409 with the Vietnamese message and its results."""
    poll = make_poll(opened_days_ago=10, days_open=2)
    response = client.post(vote_url(poll), {"answer": answer_ids(poll)[0]}, HTTP_ACCEPT="application/json")
    assert response.status_code == 409 and response.json()["status"] == "closed"
    assert "đã kết thúc" in response.json()["message"] and 'class="poll-results"' in response.json()["html"]


def test_javascript_vote_hides_results_until_closing_when_asked(client):
    """A poll whose results wait for closing thanks the voter without showing counts."""
    poll = make_poll(results_visibility=Poll.ResultsVisibility.AFTER_CLOSE)
    data = client.post(vote_url(poll), {"answer": answer_ids(poll)[0]}, HTTP_ACCEPT="application/json").json()
    assert data["status"] == "voted" and 'class="poll-results"' not in data["html"]
    assert "Kết quả sẽ được công bố khi cuộc bình chọn kết thúc" in data["html"]


# Results and archive pages


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
    assert queries() == first <= 10  # 2 of them: the sidebar's 7- and 30-day most-read lists


# Admin


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("bientap", "bt@example.vn", "mat-khau-dai-2026")
    client.force_login(user)
    return client


def test_editor_creates_a_poll_with_ordered_answers(editor_client):
    """In the admin an editor writes the question and its answers inline, in order."""
    now = timezone.localtime()
    data = {
        "question": "Bạn có hài lòng với dịch vụ công trực tuyến?",
        "description": "",
        "opens_at_0": now.strftime("%Y-%m-%d"),
        "opens_at_1": now.strftime("%H:%M:%S"),
        "closes_at_0": "",
        "closes_at_1": "",
        "is_active": "on",
        "choice_type": "single",
        "results_visibility": "always",
        "answers-TOTAL_FORMS": "3",
        "answers-INITIAL_FORMS": "0",
        "answers-MIN_NUM_FORMS": "2",
        "answers-MAX_NUM_FORMS": "1000",
        "answers-0-text": "Hài lòng",
        "answers-0-order": "2",
        "answers-1-text": "Rất hài lòng",
        "answers-1-order": "1",
        "answers-2-text": "",
        "answers-2-order": "0",
    }
    response = editor_client.post(reverse("admin:polls_poll_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    poll = Poll.objects.get()
    assert [a.text for a in poll.answers.all()] == ["Rất hài lòng", "Hài lòng"]


def test_admin_refuses_a_poll_with_one_answer_in_vietnamese(editor_client):
    """A poll needs at least two answers; the admin says so in Vietnamese."""
    now = timezone.localtime()
    data = {
        "question": "Chỉ một phương án?",
        "opens_at_0": now.strftime("%Y-%m-%d"),
        "opens_at_1": now.strftime("%H:%M:%S"),
        "choice_type": "single",
        "results_visibility": "always",
        "answers-TOTAL_FORMS": "1",
        "answers-INITIAL_FORMS": "0",
        "answers-MIN_NUM_FORMS": "2",
        "answers-MAX_NUM_FORMS": "1000",
        "answers-0-text": "Có",
        "answers-0-order": "0",
    }
    response = editor_client.post(reverse("admin:polls_poll_add"), data)
    assert response.status_code == 200 and Poll.objects.count() == 0
    assert "Một cuộc bình chọn cần ít nhất 2 phương án." in response.content.decode()


def test_admin_change_page_shows_results_chart(editor_client):
    """The editor sees counts, percentages and bars on the poll's page in the admin."""
    poll = make_poll()
    cast_vote(poll, answer_ids(poll)[:1], voter="v", ip="10.0.0.1")
    html = editor_client.get(reverse("admin:polls_poll_change", args=[poll.pk])).content.decode()
    assert 'class="poll-results"' in html and "<strong>100%</strong> (1 phiếu)" in html and "pw-100" in html
    assert "css/polls.css" in html and "Xuất danh sách phiếu (CSV)" in html


def test_admin_list_shows_voters_and_status(editor_client):
    """The poll list shows each poll's state and number of voters."""
    poll = make_poll()
    cast_vote(poll, answer_ids(poll)[:1], voter="v", ip="10.0.0.1")
    html = editor_client.get(reverse("admin:polls_poll_changelist")).content.decode()
    assert "Đang diễn ra" in html and QUESTION in html


def test_admin_open_and_close_actions(editor_client):
    """'Close now' ends a poll at once; 'open now' reopens it and makes a scheduled one start now."""
    running = make_poll("Đang mở")
    scheduled = make_poll("Hẹn giờ", opened_days_ago=-3)
    url = reverse("admin:polls_poll_changelist")
    response = editor_client.post(url, {"action": "close_now", "_selected_action": [running.pk]}, follow=True)
    assert "Đã đóng 1 cuộc bình chọn." in response.content.decode()
    running.refresh_from_db()
    assert running.is_closed()
    editor_client.post(url, {"action": "open_now", "_selected_action": [running.pk, scheduled.pk]})
    running.refresh_from_db()
    scheduled.refresh_from_db()
    assert running.is_open() and scheduled.is_open()


def test_admin_exports_votes_as_csv_without_personal_data(editor_client):
    """The CSV has ballot, time, answer and hashed address, in Vietnamese, and no raw address or token."""
    poll = make_poll(choice_type=Poll.ChoiceType.MULTIPLE, answers=("=1+1", "Không"))
    cast_vote(poll, answer_ids(poll), voter="raw-token", ip="192.0.2.10")
    response = editor_client.get(reverse("admin:polls_poll_export", args=[poll.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["Phiếu số", "Thời gian", "Phương án", "IP (đã băm)"]
    assert [r[2] for r in rows[1:]] == ["'=1+1", "Không"]
    assert rows[1][3] == hash_ip("192.0.2.10")
    assert "192.0.2.10" not in body and "raw-token" not in body


def test_csv_export_needs_an_editor(client):
    """Readers cannot download the ballots."""
    poll = make_poll()
    response = client.get(reverse("admin:polls_poll_export", args=[poll.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_admin_cannot_delete_an_answer_that_received_votes(editor_client):
    """Deleting an answer with votes is refused with a Vietnamese message; the results stay as they were."""
    poll = make_poll(answers=("Có", "Không", "Khác"))
    ids = answer_ids(poll)
    cast_vote(poll, ids[:1], voter="v", ip="10.0.0.1")
    data = {
        "question": poll.question,
        "opens_at_0": timezone.localtime(poll.opens_at).strftime("%Y-%m-%d"),
        "opens_at_1": timezone.localtime(poll.opens_at).strftime("%H:%M:%S"),
        "is_active": "on",
        "choice_type": "single",
        "results_visibility": "always",
        "answers-TOTAL_FORMS": "3",
        "answers-INITIAL_FORMS": "3",
        "answers-MIN_NUM_FORMS": "2",
        "answers-MAX_NUM_FORMS": "1000",
        "answers-0-DELETE": "on",
    }
    for n, (pk, text) in enumerate(zip(ids, ("Có", "Không", "Khác"), strict=True)):
        data.update({f"answers-{n}-id": pk, f"answers-{n}-poll": poll.pk, f"answers-{n}-text": text})
        data[f"answers-{n}-order"] = n
    response = editor_client.post(reverse("admin:polls_poll_change", args=[poll.pk]), data)
    assert response.status_code == 200 and "Xóa phương án Có" in response.content.decode()
    assert Answer.objects.filter(pk=ids[0]).exists() and vote_count(poll) == 1


def test_deleting_a_poll_removes_its_ballots(editor_client):
    """An editor can delete a test poll with its votes."""
    poll = make_poll()
    cast_vote(poll, answer_ids(poll)[:1], voter="v", ip="10.0.0.1")
    poll.delete()
    assert Vote.objects.count() == 0 and Answer.objects.count() == 0


# Demo content


def test_seed_polls_is_idempotent():
    """`seed_polls` makes one open poll with votes and two closed ones, and running it again changes nothing."""
    call_command("seed_polls", verbosity=0)
    counts = (Poll.objects.count(), Vote.objects.count())
    call_command("seed_polls", verbosity=0)
    assert (Poll.objects.count(), Vote.objects.count()) == counts
    assert Poll.objects.open().count() == 1 and Poll.objects.closed().count() == 2
    assert Poll.objects.open().get().votes.exists()


def test_already_voted_error_is_not_an_error_status():
    """A repeat vote is a polite answer, not an error."""
    assert AlreadyVoted.status == 200


def test_a_vote_posted_from_another_site_is_refused(client):
    """A form on another site cannot make a visitor's browser vote (Origin checked, nothing counted)."""
    poll = make_poll("Bình chọn")
    answer = poll.answers.first()
    response = client.post(vote_url(poll), {"answer": answer.pk}, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403 and "Biểu mẫu đã hết hạn" in response.content.decode()
    response = client.post(vote_url(poll), {"answer": answer.pk}, HTTP_REFERER="https://evil.example/page")
    assert response.status_code == 403
    assert Vote.objects.filter(poll=poll).count() == 0


def test_a_vote_from_the_portal_itself_is_counted(client):
    """The portal's own pages post with their own Origin, and the vote counts."""
    poll = make_poll("Bình chọn")
    answer = poll.answers.first()
    response = client.post(vote_url(poll), {"answer": answer.pk}, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302
    assert Vote.objects.filter(poll=poll).count() == 1


def test_pages_with_the_poll_box_set_no_cookie(client):
    """The poll box carries no per-visitor token, so a page showing it can be cached whole."""
    make_poll("Bình chọn")
    response = client.get("/")
    assert "csrftoken" not in response.cookies and "poll-form" in response.content.decode()


def test_results_stay_one_query_per_table_however_many_ballots(django_assert_num_queries):
    """The counts are kept with each ballot (several answers too) and match the ballots
    themselves, as an existing database is started by its migration."""
    import importlib

    from django.apps import apps

    poll = make_poll(choice_type=Poll.ChoiceType.MULTIPLE)
    yes, no, other = answer_ids(poll)
    for n, chosen in enumerate([[yes], [yes, no], [no, other], [yes, no, other]]):
        cast_vote(poll, chosen, voter=f"browser-{n}", ip=f"10.0.0.{n}")
    with django_assert_num_queries(2):
        kept = Poll.objects.with_results().get(pk=poll.pk)
        kept = (kept.voter_count, [(r.answer.pk, r.count) for r in kept.results()])
    assert kept == (4, [(yes, 3), (no, 3), (other, 2)])
    Poll.objects.filter(pk=poll.pk).update(voters_total=0)
    Answer.objects.filter(poll=poll).update(votes_total=0)
    importlib.import_module("polls.migrations.0003_vote_counts").count_existing_ballots(apps, None)
    again = Poll.objects.with_results().get(pk=poll.pk)
    assert (again.voter_count, [(r.answer.pk, r.count) for r in again.results()]) == kept


def test_an_editor_saving_the_poll_keeps_the_ballots_cast_meanwhile():
    """The editor's form was opened before two votes: saving the poll and its answers keeps them."""
    poll = make_poll()
    yes = answer_ids(poll)[0]
    opened = Poll.objects.get(pk=poll.pk)
    answers = list(Answer.objects.filter(poll=poll))
    for n in range(2):
        cast_vote(poll, [yes], voter=f"browser-{n}", ip="10.0.0.9")
    opened.question = "Câu hỏi đã sửa"
    opened.save()
    for answer in answers:
        answer.text += " (sửa)"
        answer.save()
    kept = Poll.objects.with_results().get(pk=poll.pk)
    assert kept.question == "Câu hỏi đã sửa" and kept.voter_count == 2
    assert [r.count for r in kept.results()] == [2, 0, 0]
    assert [r.answer.text for r in kept.results()][0].endswith("(sửa)")
