"""Exact counts under concurrent votes, on PostgreSQL: real threads, real transactions, real connections.

Each thread posts through the whole stack (view, form, voter cookie and session, cast_vote) with its
own test client and its own database connection, released when the thread ends.
"""

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from polls.models import Poll, Vote, VoteChoice
from polls.voters import COOKIE_NAME
from tests.factories import make_poll
from tests.polls.helpers import answer_ids

pytestmark = pytest.mark.django_db(transaction=True)

# PostgreSQL allows 100 connections by default (97 for ordinary roles), so 100 votes cannot each
# hold a connection at once: THREADS connections vote at the same instant, each casting several
# ballots back to back.
THREADS = 50
DISTINCT_VOTES = 150
SAME_VOTER_THREADS = 24


def run_at_once(n, job):
    """Run job(i) for i in range(n) in n threads released together; each thread closes its connection."""
    barrier = threading.Barrier(n, timeout=60)

    def worker(i):
        try:
            barrier.wait()
            return job(i)
        finally:
            connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=n) as pool:
        results = list(pool.map(worker, range(n)))
    return results, time.perf_counter() - started


def test_every_distinct_voter_is_counted_exactly_once():
    """150 browsers voting at once (50 in parallel at every instant) give exactly 150 ballots and exact tallies."""
    poll = make_poll(answers=("Có", "Không", "Cần nghiên cứu thêm", "Ý kiến khác"))
    ids = answer_ids(poll)
    url = reverse("polls:vote", args=[poll.pk])
    per_thread = DISTINCT_VOTES // THREADS
    chosen = [ids[n % len(ids)] for n in range(DISTINCT_VOTES)]

    def job(i):
        statuses = []
        for n in range(i * per_thread, (i + 1) * per_thread):
            response = Client(REMOTE_ADDR=f"10.1.{n // 250}.{n % 250 + 1}").post(url, {"answer": chosen[n]})
            statuses.append((response.status_code, response.get("Location")))
        return statuses

    results, elapsed = run_at_once(THREADS, job)
    statuses = [s for thread in results for s in thread]
    print(f"\n{DISTINCT_VOTES} voters, {THREADS} threads: {elapsed:.2f} s, {DISTINCT_VOTES / elapsed:.0f} votes/s")

    assert statuses == [(302, poll.get_absolute_url())] * DISTINCT_VOTES
    assert Vote.objects.filter(poll=poll).count() == DISTINCT_VOTES
    assert VoteChoice.objects.filter(vote__poll=poll).count() == DISTINCT_VOTES
    assert Vote.objects.filter(poll=poll).values("voter_token").distinct().count() == DISTINCT_VOTES
    # The counts kept with each ballot (under concurrent ballots, row locks) match the ballots.
    counted = Poll.objects.with_results().get(pk=poll.pk)
    assert counted.voter_count == DISTINCT_VOTES
    assert {r.answer.pk: r.count for r in counted.results()} == Counter(chosen)


@pytest.mark.parametrize("hopping", [False, True], ids=["one-address", "address-per-request"])
def test_simultaneous_votes_from_one_browser_count_once(hopping):
    """24 requests from one browser at the same instant: exactly one ballot, the others politely refused.

    From one address they queue on the per-address lock; from 24 addresses (a script rotating
    proxies with one cookie) they race, and the unique constraint refuses all but the first.
    """
    warm_up, poll = make_poll("Câu hỏi làm quen"), make_poll()
    ids = answer_ids(poll)
    # A genuine signed voter cookie, as the browser has after voting in another poll.
    first = Client()
    first.post(reverse("polls:vote", args=[warm_up.pk]), {"answer": answer_ids(warm_up)[0]})
    cookie = first.cookies[COOKIE_NAME].value
    url = reverse("polls:vote", args=[poll.pk])

    def job(i):
        client = Client(HTTP_ACCEPT="application/json", REMOTE_ADDR=f"10.2.0.{i + 1}" if hopping else "10.2.0.1")
        client.cookies[COOKIE_NAME] = cookie
        response = client.post(url, {"answer": ids[i % len(ids)]})
        return response.status_code, response.json()["status"]

    results, elapsed = run_at_once(SAME_VOTER_THREADS, job)
    print(f"\n{SAME_VOTER_THREADS} votes from one browser (hopping={hopping}): {elapsed:.2f} s, {Counter(results)}")

    assert Vote.objects.filter(poll=poll).count() == 1
    assert VoteChoice.objects.filter(vote__poll=poll).count() == 1
    assert sorted(results) == [(200, "already_voted")] * (SAME_VOTER_THREADS - 1) + [(200, "voted")]


def test_per_address_limit_holds_under_concurrency(settings):
    """30 browsers behind one address voting at once, with a limit of 10: exactly 10 ballots."""
    settings.POLLS_MAX_VOTES_PER_IP = 10
    poll = make_poll()
    yes = answer_ids(poll)[0]
    url = reverse("polls:vote", args=[poll.pk])

    def job(i):
        return (
            Client(REMOTE_ADDR="198.51.100.20", HTTP_ACCEPT="application/json").post(url, {"answer": yes}).status_code
        )

    results, _elapsed = run_at_once(30, job)
    assert Vote.objects.filter(poll=poll).count() == 10
    assert sorted(results) == [200] * 10 + [429] * 20
