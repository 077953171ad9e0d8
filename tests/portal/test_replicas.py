"""Who reads from a replica (portal/replicas.py): the rules, without servers (tests/cluster/ has them)."""

import time
from collections import defaultdict

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from portal import errors, replicas

# The rules read settings.DATABASES; connections are replaced by stand-ins, so overriding it is safe here.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")

DEFAULT = {"ENGINE": "portal.postgresql", "NAME": "portal", "HOST": "db1", "PORT": 6432, "OPTIONS": {}}


def test_one_alias_per_replica_on_the_primary_s_database():
    found = replicas.databases(DEFAULT, ["db2:6433", "db3:6434"])
    assert found["default"] is DEFAULT
    assert [(a, d["HOST"], d["PORT"], d["NAME"]) for a, d in found.items() if a != "default"] == [
        ("replica-1", "db2", "6433", "portal"),
        ("replica-2", "db3", "6434", "portal"),
    ]
    assert found["replica-1"]["TEST"] == {"MIRROR": "default"}


def test_migrations_and_writes_only_on_the_primary():
    router = replicas.ReplicaRouter()
    assert router.allow_migrate("default", "news") and not router.allow_migrate("replica-1", "news")
    assert router.db_for_write(None) == "default"
    assert router.db_for_read(None) == "default"  # outside a reader's request


class Connection:
    closed = 0

    def close(self):
        self.closed += 1


@pytest.fixture
def with_replicas(settings, monkeypatch):
    settings.DATABASES = {**settings.DATABASES, "replica-1": settings.DATABASES["default"]}
    monkeypatch.setattr(replicas, "connections", defaultdict(Connection))  # no server to close
    cache.delete(replicas.RECENT_WRITE_KEY)
    yield
    replicas._down_until.clear()


def serve(request, answers):
    """The middleware around a view that records where it read from and answers `answers` in turn."""
    seen = []

    def view(request):
        seen.append(replicas.reads_from())
        return answers.pop(0)() if answers else HttpResponse("page")

    return replicas.ReplicaReadsMiddleware(view)(request), seen


def test_a_reader_s_page_reads_from_a_replica(with_replicas):
    response, seen = serve(RequestFactory().get("/"), [])
    assert seen == ["replica-1"] and response.content == b"page"


def test_a_reader_who_just_voted_and_an_editor_read_from_the_primary(with_replicas, settings):
    response, seen = serve(RequestFactory().post("/binh-chon/1/"), [])
    assert seen == ["default"]
    cookie = response.cookies[replicas.PRIMARY_COOKIE]
    assert cookie["max-age"] == settings.DATABASE_REPLICA_LAG_SECONDS and cookie["httponly"]

    voter = RequestFactory().get("/")
    voter.COOKIES[replicas.PRIMARY_COOKIE] = "1"
    assert serve(voter, [])[1] == ["default"]
    editor = RequestFactory().get("/")
    editor.COOKIES[settings.SESSION_COOKIE_NAME] = "x"
    assert serve(editor, [])[1] == ["default"]


def test_a_refused_write_sets_no_cookie(with_replicas):
    response, _ = serve(RequestFactory().post("/binh-chon/1/"), [lambda: HttpResponse(status=429)])
    assert replicas.PRIMARY_COOKIE not in response.cookies


def test_just_after_any_save_pages_read_from_the_primary(with_replicas, settings):
    cache.set(replicas.RECENT_WRITE_KEY, time.time() + 2)
    assert serve(RequestFactory().get("/"), [])[1] == ["default"]
    cache.set(replicas.RECENT_WRITE_KEY, time.time() - 0.1)
    assert serve(RequestFactory().get("/"), [])[1] == ["replica-1"]


def test_a_replica_that_fails_is_left_alone_and_the_page_read_from_the_primary(with_replicas):
    response, seen = serve(RequestFactory().get("/"), [errors.database_unavailable])
    assert seen == ["replica-1", "default"] and response.status_code == 200
    assert replicas.connections["replica-1"].closed == 1, "a new connection next time"
    assert serve(RequestFactory().get("/"), [])[1] == ["default"], "the failed replica is skipped for a while"


def test_without_a_primary_a_fresh_read_falls_back_to_a_replica(with_replicas):
    voter = RequestFactory().get("/")
    voter.COOKIES[replicas.PRIMARY_COOKIE] = "1"
    response, seen = serve(voter, [errors.database_unavailable])
    assert seen == ["default", "replica-1"] and response.status_code == 200


def test_with_every_server_away_the_reader_gets_the_503_page(with_replicas):
    response, seen = serve(RequestFactory().get("/"), [errors.database_unavailable] * 3)
    assert seen == ["replica-1", "default", "replica-1"]
    assert response.status_code == 503 and response["Retry-After"]
