"""Reader pages from a streaming replica, writes on the primary, and what readers see as servers go.

Played on real engines: Debian's PostgreSQL as a primary and its streaming replica, a PgBouncer in
transaction mode in front of each (deploy/cluster/postgres.py), Redis, and the portal under
gunicorn with production settings pointed at the PgBouncers.
"""

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.cluster.engines import postgres as pgcluster
from tests.pagecache.test_faults import Portal, portal_env

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not pgcluster.available() and not os.environ.get("CI"),
    reason="needs Debian's postgresql and pgbouncer (apt-get install pgbouncer; CI installs them)",
)


def free_base_port():
    """A base with its four ports free: other checkouts may run this test at the same time."""
    for _ in range(50):
        base = random.randrange(42000, 52000, 4)
        try:
            for port in range(base, base + 4):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base
    raise AssertionError("no four free ports")


def manage(env, *args):
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def psql(cluster, server, sql):
    command = [str(cluster.bin / "psql"), "-h", "127.0.0.1", "-p", str(cluster.ports[server]), "-U", "postgres"]
    done = subprocess.run([*command, "-qAt", "-d", "portal", "-c", sql], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture(scope="module")
def cluster():
    root = Path(tempfile.mkdtemp(prefix="portal-cluster-"))
    root.chmod(0o755)  # the postgres user runs the servers when we are root
    cluster = pgcluster.Cluster(root / "pg", free_base_port())
    try:
        cluster.up()
        yield cluster
    finally:
        cluster.down()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def site(cluster, tmp_path_factory, production_static):
    """The demo content on the primary; the portal reading it through the PgBouncers."""
    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        pytest.skip("TEST_REDIS_URL is not set")
    tmp = tmp_path_factory.mktemp("cluster-portal")
    env = portal_env(tmp, production_static, cluster.environment()["DATABASE_URL"], **cluster.environment())
    env["REDIS_URL"] = redis_url
    env["LOG_LEVEL"] = "WARNING"
    seed_env = {**env, "DEBUG": "true"}  # the demo refuses to make its accounts with DEBUG off
    manage(seed_env, "migrate", "--noinput", "-v0")
    manage(seed_env, "seed_demo", "-v0")
    manage(seed_env, "seed_polls", "-v0")
    found = manage(
        seed_env,
        "shell",
        "-c",
        "import json; from news.models import Article; from polls.models import Poll; from django.urls import reverse;"
        "poll = Poll.objects.open().first(); a = poll.answers.order_by('order').first();"
        # What is measured here is where a ballot is written, not the anti-spam check in front of it
        # (tests/polls/test_challenge_votes.py): this poll takes ballots without it.
        "Poll.objects.filter(pk=poll.pk).update(requires_challenge=False);"
        "print(json.dumps({'articles': [x.get_absolute_url() for x in Article.objects.published()[:12]],"
        " 'vote': reverse('polls:vote', args=[poll.pk]), 'answer': a.pk, 'poll': poll.pk}))",
    )
    data = json.loads(found.strip().splitlines()[-1])
    subprocess.run(["redis-cli", "-u", redis_url, "flushdb"], check=True, capture_output=True)
    portal = Portal(env, tmp, workers=2)
    try:
        yield portal, data
    finally:
        portal.stop()


def vote(portal, path, answer):
    request = urllib.request.Request(
        f"http://127.0.0.1:{portal.port}{path}",
        data=f"answer={answer}".encode(),
        headers={
            "X-Forwarded-Proto": "https",
            "Host": "quanuy.example.vn",
            "Origin": "https://quanuy.example.vn",
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
            "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def vote_until_taken(portal, data, tries=10):
    for _ in range(tries):
        status, headers, _body = vote(portal, data["vote"], data["answer"])
        if status != 503:
            return status
        time.sleep(min(float(headers.get("Retry-After", 1)), 1))
    return status


def ballots(cluster, server, poll):
    return int(psql(cluster, server, f"SELECT count(*) FROM polls_vote WHERE poll_id = {poll}"))


def test_the_replica_streams_what_the_primary_stores(cluster, site):
    assert psql(cluster, "replica", "SELECT pg_is_in_recovery()") == "t"
    assert psql(cluster, "primary", "SELECT count(*) FROM news_article") == psql(
        cluster, "replica", "SELECT count(*) FROM news_article"
    )


def test_readers_served_through_each_server_going_away_and_a_promotion(cluster, site):
    """The replica stopped: pages come from the primary. The primary stopped: pages come from
    the replica and a ballot answers 503 with a Vietnamese "interrupted for a moment". The replica promoted:
    ballots are taken again, and every one accepted is stored."""
    portal, data = site
    articles = iter(data["articles"])  # each read once: never a page the page cache already holds
    before = ballots(cluster, "primary", data["poll"])

    cluster.stop("replica")
    assert [portal.get(next(articles))[0] for _ in range(3)] == [200] * 3
    assert vote(portal, data["vote"], data["answer"])[0] == 200
    cluster.start("replica")

    cluster.stop("primary")
    pages = [portal.get(next(articles)) for _ in range(3)]
    assert [status for status, _, _ in pages] == [200] * 3, portal.output()
    assert "Lượt xem" in pages[0][2]
    status, headers, body = vote(portal, data["vote"], data["answer"])
    assert status == 503
    assert headers.get("Retry-After") and "tạm thời gián đoạn" in body

    cluster.promote()
    # As a reader's browser does: a ballot answered 503 (the poolers reconnecting to the promoted
    # server) is sent again after its Retry-After; each is taken at last, and taken once.
    accepted = sum(vote_until_taken(portal, data) == 200 for _ in range(5))
    assert accepted == 5
    # The one ballot of the first step (on the old primary, streamed before it stopped) and these five.
    assert ballots(cluster, "replica", data["poll"]) == before + 1 + accepted
    assert portal.get(next(articles))[0] == 200
