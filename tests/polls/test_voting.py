"""Reader polls: Voting with a plain form: one vote per browser, bad ballots refused in Vietnamese, limits."""

from datetime import timedelta

import pytest
from django.utils import timezone

from polls.models import Poll, Vote
from polls.services import InvalidAnswers, PollClosed, cast_vote
from polls.voters import COOKIE_NAME, hash_ip
from tests.factories import QUESTION, make_poll
from tests.polls.helpers import answer_ids, page_text, vote_count, vote_url

pytestmark = pytest.mark.django_db


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
        response = type(client)(REMOTE_ADDR="198.51.100.7").post(vote_url(poll), {"answer": yes})
    assert response.status_code == 429  # a plain form post is refused with the status too
    assert "Đã có quá nhiều phiếu gửi từ mạng của bạn" in page_text(response)
    assert vote_count(poll) == 3
    json_client = type(client)(REMOTE_ADDR="198.51.100.7", HTTP_ACCEPT="application/json")
    assert json_client.post(vote_url(poll), {"answer": yes}).status_code == 429
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
