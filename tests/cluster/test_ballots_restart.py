"""Nothing lost and nothing counted twice: ballots streaming in while the real PostgreSQL restarts.

One throwaway PostgreSQL (deploy/cluster/postgres.py; its replica is stopped, the portal talks to
the server directly) and the portal under gunicorn with production settings. Voters, each with
their own browser token (given with the challenge, as polls.js gets it), cast ballots from several
threads while the server is stopped and started again. Every answer must be 200 (counted, or
"already voted") or 503 with Retry-After; a voter answered 503 tries again after the restart, as a
citizen would. Then every voter has exactly one ballot stored, and the kept counts equal the rows.
"""

import hashlib
import os
import shutil
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.cluster.engines import postgres as pgcluster
from tests.cluster.test_replicas import free_base_port, manage, psql
from tests.pagecache.test_faults import Portal, portal_env

pytestmark = pytest.mark.skipif(
    not pgcluster.available() and not os.environ.get("CI"),
    reason="needs Debian's postgresql and pgbouncer (apt-get install pgbouncer; CI installs them)",
)

THREADS = 4
VOTERS_PER_THREAD = 60
HOST = {"X-Forwarded-Proto": "https", "Host": "quanuy.example.vn"}


@pytest.fixture(scope="module")
def server():
    root = Path(tempfile.mkdtemp(prefix="portal-ballots-"))
    root.chmod(0o755)  # the postgres user runs the server when we are root
    cluster = pgcluster.Cluster(root / "pg", free_base_port())
    try:
        cluster.up()
        cluster.stop("replica")  # one server is what this test restarts
        yield cluster
    finally:
        cluster.down()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def portal(server, tmp_path_factory, production_static):
    tmp = tmp_path_factory.mktemp("ballots-portal")
    env = portal_env(tmp, production_static, server.direct_url("primary"), POLLS_MAX_VOTES_PER_IP="100000")
    manage({**env, "DEBUG": "true"}, "migrate", "--noinput", "-v0")
    found = manage(
        env,
        "shell",
        "-c",
        "from polls.models import Poll, Answer;"
        "p = Poll.objects.create(question='Khởi động lại', requires_challenge=False);"
        "[Answer.objects.create(poll=p, text=t, order=i) for i, t in enumerate(['Có', 'Không'])];"
        "print(p.pk, *p.answers.order_by('order').values_list('pk', flat=True))",
    )
    poll, *answers = (int(x) for x in found.strip().splitlines()[-1].split())
    app = Portal(env, tmp, workers=2)
    try:
        yield app, poll, answers
    finally:
        app.stop()


def request(port, path, cookie=None, data=None):
    headers = {**HOST, "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0", "Accept": "application/json"}
    if cookie:
        headers["Cookie"] = cookie
    if data is not None:
        headers.update({"Origin": "https://quanuy.example.vn", "Content-Type": "application/x-www-form-urlencoded"})
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


class Voter:
    """One browser: its token from the challenge, then its ballot; 503s are tried again."""

    def __init__(self, port, poll, answer):
        self.port, self.poll, self.answer = port, poll, answer
        self.cookie = self.token = None
        self.answers = []  # every status the portal gave, with whether Retry-After came along

    def step(self):
        """One request; True once the ballot was answered 200."""
        if self.cookie is None:
            status, headers = request(self.port, f"/binh-chon/{self.poll}/thu-thach/")
            self.answers.append((status, bool(headers.get("Retry-After"))))
            for header in headers.get_all("Set-Cookie") or []:
                if header.startswith("binhchon="):
                    self.cookie = header.split(";", 1)[0]
                    self.token = self.cookie.split("=", 1)[1].strip('"').split(":", 1)[0]
            return False
        status, headers = request(
            self.port, f"/binh-chon/{self.poll}/bo-phieu/", self.cookie, f"answer={self.answer}".encode()
        )
        self.answers.append((status, bool(headers.get("Retry-After"))))
        return status == 200


def test_every_ballot_is_stored_once_or_refused_with_retry_after_across_a_restart(server, portal):
    app, poll, answers = portal
    voters = [Voter(app.port, poll, answers[i % 2]) for i in range(THREADS * VOTERS_PER_THREAD)]
    started = threading.Event()

    def stream(mine):
        pending = list(mine)
        while pending:
            voter = pending.pop(0)
            while not voter.step():
                if voter.answers[-1][0] == 503:
                    pending.append(voter)  # tries again later, as after Retry-After
                    break
            started.set()

    threads = [threading.Thread(target=stream, args=(voters[i::THREADS],)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    started.wait(60)
    time.sleep(1)
    server.stop("primary")
    time.sleep(2)
    server.start("primary")
    for thread in threads:
        thread.join(300)
    assert not any(thread.is_alive() for thread in threads)

    statuses = [answer for voter in voters for answer in voter.answers]
    refused = [a for a in statuses if a[0] == 503]
    assert {status for status, _ in statuses} <= {200, 503}, "a ballot answered neither 200 nor 503"
    assert all(retry_after for _, retry_after in refused), "a 503 came without Retry-After"
    assert refused, "the restart was not met by any ballot: nothing was tested"

    stored = psql(server, "primary", f"SELECT voter_token FROM polls_vote WHERE poll_id = {poll}").split()
    tokens = [hashlib.sha256(v.token.encode()).hexdigest() for v in voters]
    assert sorted(stored) == sorted(tokens), "every voter answered 200 has exactly one ballot stored"
    kept = psql(server, "primary", f"SELECT voters_total FROM polls_poll WHERE id = {poll}")
    per_answer = psql(server, "primary", f"SELECT sum(votes_total) FROM polls_answer WHERE poll_id = {poll}")
    assert int(kept) == int(per_answer) == len(stored) == len(voters)
    print(f"{len(voters)} voters, {len(statuses)} requests, {len(refused)} answered 503 during the restart")
