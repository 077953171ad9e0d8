"""Measure how many votes per second the database accepts for one poll, and check none is lost.

Creates a throw-away poll, has --threads threads cast --votes ballots between them through
cast_vote() (each its own browser token and connection), prints the figures, then deletes the
poll and its ballots.

    python bench/votes.py [--threads 16 --votes 800]
"""

import django_boot  # noqa: F401, I001 - first: sets Django up for the imports below
import sys


import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from polls.models import Answer, Poll, Vote
from polls.services import VoteRejected, cast_vote


class Command(BaseCommand):
    help = "Benchmark concurrent voting on a throw-away poll and verify the count (deletes it afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--threads", type=int, default=16)
        parser.add_argument("--votes", type=int, default=800, help="Ballots in total, each from its own browser.")
        parser.add_argument("--addresses", type=int, default=50, help="Distinct client addresses to spread them on.")

    def handle(self, *args, threads, votes, addresses, **options):
        if threads < 1 or votes < threads or addresses < 1:
            raise CommandError("Need at least one thread, one address, and as many votes as threads.")
        # Without the anti-spam check: this measures counting, not the proof of work.
        poll = Poll.objects.create(question="Bench: đo tốc độ bình chọn", is_active=False, requires_challenge=False)
        answers = [Answer.objects.create(poll=poll, text=t, order=i).pk for i, t in enumerate("ABCD")]
        Poll.objects.filter(pk=poll.pk).update(is_active=True)  # hidden from readers until now
        barrier = threading.Barrier(threads)
        per_thread = votes // threads
        latencies, refused = [], []

        def worker(i):
            try:
                barrier.wait()
                own, no = [], 0
                for n in range(i * per_thread, (i + 1) * per_thread):
                    start = time.perf_counter()
                    try:
                        cast_vote(poll, [answers[n % 4]], voter=f"bench-{n}", ip=f"10.9.0.{n % addresses + 1}")
                    except VoteRejected:
                        no += 1  # the per-address limit (POLLS_MAX_VOTES_PER_IP)
                    own.append(time.perf_counter() - start)
                return own, no
            finally:
                connection.close()

        try:
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=threads) as pool:
                for own, no in pool.map(worker, range(threads)):
                    latencies.extend(own)
                    refused.append(no)
            elapsed = time.perf_counter() - started
            counted = Vote.objects.filter(poll=poll).count()
        finally:
            poll.delete()
        cast = per_thread * threads
        expected = cast - sum(refused)
        latencies.sort()
        median, p95 = latencies[len(latencies) // 2] * 1000, latencies[int(len(latencies) * 0.95)] * 1000
        self.stdout.write(
            f"{cast} votes from {threads} threads and {addresses} addresses in {elapsed:.2f} s "
            f"= {cast / elapsed:.0f} votes/s ({sum(refused)} refused by the per-address limit); latency median "
            f"{median:.1f} ms, 95th percentile {p95:.1f} ms"
        )
        if counted != expected:
            raise CommandError(f"{counted} ballots stored for {expected} votes accepted.")
        self.stdout.write(self.style.SUCCESS(f"Counted exactly: {counted} ballots for {expected} votes accepted."))


if __name__ == "__main__":
    Command().run_from_argv([sys.argv[0], "votes", *sys.argv[1:]])
