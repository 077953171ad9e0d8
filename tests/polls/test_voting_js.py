"""Reader polls: Voting through polls.js, which asks for JSON."""

import pytest
from django.urls import reverse

from polls.models import Poll
from polls.voters import COOKIE_NAME
from tests.factories import make_poll
from tests.polls.helpers import answer_ids, page_text, vote_count, vote_url

pytestmark = pytest.mark.django_db


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
