"""The challenge app: a proof of work issued and checked here, each solution good for one action."""

import base64
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from challenge.models import SpentChallenge
from challenge.services import ChallengeFailed, issue, purge_expired, spend
from tests.challenge.helpers import solve

pytestmark = pytest.mark.django_db


def refusal(payload, scope="poll:1"):
    with pytest.raises(ChallengeFailed) as failed:
        spend(payload, scope)
    return failed.value.code


def test_a_solved_challenge_buys_one_action_then_is_refused():
    """The first use of a solution passes; the same solution again is refused as replayed."""
    payload = solve(issue("poll:1"))
    spend(payload, "poll:1")
    assert refusal(payload) == "replayed"
    assert SpentChallenge.objects.count() == 1


def test_missing_forged_foreign_and_garbage_solutions_are_refused():
    """No payload, a tampered one, one solved for another scope or junk: refused, never a crash."""
    assert refusal("") == "missing"
    assert refusal(None) == "missing"
    assert refusal("not base64 at all!") == "invalid"
    assert refusal("x" * 5000) == "invalid"
    assert refusal(solve(issue("poll:2"))) == "invalid"  # solved for another poll
    forged = json.loads(base64.b64decode(solve(issue("poll:1"))))
    forged["challenge"]["parameters"]["data"]["scope"] = "poll:3"
    assert refusal(base64.b64encode(json.dumps(forged).encode()).decode(), "poll:3") == "invalid"
    wrong = json.loads(base64.b64decode(solve(issue("poll:1"))))
    wrong["solution"]["derivedKey"] = "00" * 32  # a key it did not derive
    assert refusal(base64.b64encode(json.dumps(wrong).encode()).decode()) == "invalid"
    assert not SpentChallenge.objects.exists()


def test_an_expired_challenge_is_refused(settings):
    """A solution kept past CHALLENGE_EXPIRES_SECONDS no longer counts."""
    payload = solve(issue("poll:1"))
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.CHALLENGE_EXPIRES_SECONDS + 5)):
        assert refusal(payload) == "invalid"


def test_the_cost_is_configurable(settings):
    """The counter the browser must find is drawn in CHALLENGE_COUNTER_RANGE, at CHALLENGE_COST iterations."""
    settings.CHALLENGE_COST, settings.CHALLENGE_COUNTER_RANGE = 50, (7, 7)
    challenge = issue("poll:1")
    assert challenge["parameters"]["cost"] == 50
    assert json.loads(base64.b64decode(solve(challenge)))["solution"]["counter"] == 7


def test_expired_spent_challenges_are_purged():
    """The replay store forgets what has expired anyway (purge_challenges)."""
    spend(solve(issue("poll:1")), "poll:1")
    call_command("purge_challenges", verbosity=0)
    assert SpentChallenge.objects.count() == 1
    assert purge_expired(timezone.now() + timedelta(days=1)) == 1


@pytest.mark.django_db(transaction=True)
def test_one_solution_sent_ten_times_at_once_passes_once():
    """Ten requests spending the same solution at the same instant: the database lets one through."""
    payload = solve(issue("poll:1"))
    barrier = threading.Barrier(10, timeout=30)

    def attempt(_):
        try:
            barrier.wait()
            spend(payload, "poll:1")
            return "ok"
        except ChallengeFailed as failed:
            return failed.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = sorted(pool.map(attempt, range(10)))
    assert outcomes == ["ok"] + ["replayed"] * 9
