"""Reader polls: the anti-spam check per ballot (a proof of work the browser solves, challenge app)."""

import hashlib
import time

import pytest
from django.test import Client
from django.urls import reverse

from polls.models import Poll, Vote
from polls.voters import COOKIE_NAME
from tests.challenge.helpers import solve
from tests.factories import make_poll
from tests.polls.helpers import answer_ids, page_text, vote_count, vote_url
from tests.polls.test_concurrency import run_at_once

pytestmark = pytest.mark.django_db

MISSING = "Vui lòng chờ trình duyệt hoàn tất bước kiểm tra chống gian lận rồi bình chọn lại."
REPLAYED = "Lượt kiểm tra chống gian lận này đã được dùng một lần. Vui lòng thử lại với lượt mới."


def challenge_url(poll):
    return reverse("polls:challenge", args=[poll.pk])


def solved(client, poll):
    """A solved challenge for `poll`, fetched by `client` (which gets its voter cookie with it)."""
    return solve(client.get(challenge_url(poll)).json())


@pytest.fixture
def poll():
    return make_poll(requires_challenge=True)


def test_new_polls_ask_for_the_check_by_default():
    """An editor's new poll asks for the anti-spam check unless they untick it."""
    assert Poll().requires_challenge is True


def test_challenge_is_never_cached_and_issues_the_voter_token_once(client, poll, settings):
    """Each request gets a new challenge (no-store, also with the page cache on) and a voter cookie
    the first time only."""
    settings.PORTAL_PAGE_CACHE = True
    first = client.get(challenge_url(poll))
    assert first.status_code == 200 and "no-store" in first["Cache-Control"]
    assert first.json()["parameters"]["algorithm"] == "PBKDF2/SHA-256"
    assert COOKIE_NAME in first.cookies
    second = client.get(challenge_url(poll))
    assert second.json()["parameters"]["nonce"] != first.json()["parameters"]["nonce"]
    assert COOKIE_NAME not in second.cookies  # the browser keeps its token
    assert Client().get(reverse("polls:challenge", args=[9999])).status_code == 404


def test_box_carries_the_check_and_says_what_it_needs(client, poll):
    """The box's form holds the widget, its self-hosted scripts, and says JavaScript is needed."""
    html = page_text(client.get("/"))
    assert f'<altcha-widget class="challenge" challenge="{challenge_url(poll)}"' in html
    assert "vendor/altcha/altcha.min.js" in html and "js/challenge.js" in html
    assert "Biểu mẫu này cần JavaScript" in html and "https://" not in html.split("altcha-widget", 1)[1][:400]


def test_ballot_without_a_solution_is_refused_with_403(client, poll):
    """Without a solved check the ballot is refused with 403 and a Vietnamese message, for JavaScript and a form."""
    yes = answer_ids(poll)[0]
    response = client.post(vote_url(poll), {"answer": yes}, HTTP_ACCEPT="application/json")
    assert response.status_code == 403 and response.json()["message"] == MISSING
    response = client.post(vote_url(poll), {"answer": yes})
    assert response.status_code == 403 and MISSING in page_text(response)
    assert vote_count(poll) == 0


def test_solved_ballot_counts_and_its_replay_is_refused(client, poll):
    """A solved check buys one ballot; the same solution from another browser is refused (403)."""
    yes = answer_ids(poll)[0]
    payload = solved(client, poll)
    assert client.post(vote_url(poll), {"answer": yes, "altcha": payload}).status_code == 302
    replay = Client(HTTP_ACCEPT="application/json").post(vote_url(poll), {"answer": yes, "altcha": payload})
    assert replay.status_code == 403 and replay.json()["message"] == REPLAYED
    assert vote_count(poll) == 1


def test_a_solution_for_another_poll_is_refused(client, poll):
    """A check solved for one poll does not buy a ballot in another."""
    other = make_poll("Câu hỏi khác", requires_challenge=True)
    response = client.post(vote_url(poll), {"answer": answer_ids(poll)[0], "altcha": solved(client, other)})
    assert response.status_code == 403 and vote_count(poll) == 0


@pytest.mark.django_db(transaction=True)
def test_the_same_ballot_sent_ten_times_at_once_counts_once():
    """A browser that has not voted sends one ballot (one solution) ten times at once: one is counted."""
    poll = make_poll(requires_challenge=True)
    yes = answer_ids(poll)[0]
    payload = solve(Client().get(challenge_url(poll)).json())  # no cookie kept: the worst case

    def job(_):
        client = Client(HTTP_ACCEPT="application/json")
        return client.post(vote_url(poll), {"answer": yes, "altcha": payload}).status_code

    results, _ = run_at_once(10, job)
    assert vote_count(poll) == 1
    assert sorted(results) == [200] + [403] * 9


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("requires_challenge", [True, False], ids=["with-check", "without-check"])
def test_ten_ballots_at_once_from_a_new_browser_count_once(requires_challenge):
    """A new browser gets its voter token with the challenge, before voting: ten ballots at once (each
    with a solution of its own, where asked) carry that token, and one is counted."""
    poll = make_poll(requires_challenge=requires_challenge)
    yes = answer_ids(poll)[0]
    browser = Client()
    payloads = [solved(browser, poll) for _ in range(10)]
    cookie = browser.cookies[COOKIE_NAME].value

    def job(i):
        client = Client(HTTP_ACCEPT="application/json")
        client.cookies[COOKIE_NAME] = cookie
        return client.post(vote_url(poll), {"answer": yes, "altcha": payloads[i]}).json()["status"]

    results, _ = run_at_once(10, job)
    assert vote_count(poll) == 1
    assert sorted(results) == ["already_voted"] * 9 + ["voted"]


@pytest.mark.django_db(transaction=True)
def test_a_script_clearing_its_cookies_is_held_to_the_cost(settings, record_property):
    """A script that drops its cookies and solves every check casts no more ballots per minute than the
    work allows: each ballot costs at least the lowest counter's key derivations."""
    settings.POLLS_MAX_VOTES_PER_IP = 10**6  # the check alone is measured here
    poll = make_poll(requires_challenge=True)
    yes = answer_ids(poll)[0]
    low, _high = settings.CHALLENGE_COUNTER_RANGE
    started = time.perf_counter()
    for _ in range(50):
        hashlib.pbkdf2_hmac("sha256", b"x" * 20, b"y" * 16, settings.CHALLENGE_COST, 32)
    derivation = (time.perf_counter() - started) / 50
    bound = 60 / (low * derivation)  # ballots per minute at the least work a ballot can cost

    ballots, started = 0, time.perf_counter()
    while time.perf_counter() - started < 8:
        script = Client()  # no cookies kept
        response = script.post(vote_url(poll), {"answer": yes, "altcha": solved(script, poll)})
        ballots += response.status_code == 302
    per_minute = ballots * 60 / (time.perf_counter() - started)
    record_property("ballots_per_minute", round(per_minute))
    print(
        f"\none core, cost {settings.CHALLENGE_COST} × counter {settings.CHALLENGE_COUNTER_RANGE}: "
        f"{per_minute:.0f} ballots/min (bound {bound:.0f})"
    )
    assert Vote.objects.filter(poll=poll).count() == ballots
    assert per_minute <= bound
