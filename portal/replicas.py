"""Reads of reader pages from PostgreSQL's streaming replicas; everything else from the primary.

Configured by DATABASE_REPLICA_HOSTS ("host:port,host:port", each a replica or the PgBouncer in
front of one; docs/scaling.md): one database alias per replica. A reader's page is read from one of
them at random; one that fails (its server or its pooler away) is left alone by this process for
DATABASE_REPLICA_RETRY_SECONDS, and the page is read again from another, or the primary, or at
last from the replicas that failed.
libpq's own host lists cannot do this behind PgBouncer: the pooler accepts the connection and
then fails it, and libpq does not try the next host. While there is no primary, writes answer 503;
a replica is promoted by the documented command, which also points the primary's PgBouncer at it.

Who reads from a replica: a GET or HEAD of a reader without a session cookie, who has not
written in the last DATABASE_REPLICA_LAG_SECONDS (a vote sets PRIMARY_COOKIE for that long), while
nothing was saved in that time either: a page rendered from a replica that has not yet replayed
an editor's change would be stored by the page cache as the new version.
"""

import random
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_delete, post_save

REPLICA_PREFIX = "replica-"
PRIMARY_COOKIE = "portal_primary"
RECENT_WRITE_KEY = "portal:replicas:primary-until"
_reads_from = ContextVar("portal_reads_from", default=DEFAULT_DB_ALIAS)
_down_until = {}  # alias -> monotonic time until which this process leaves that replica alone


def databases(default, hosts):
    """DATABASES for the primary (`default`) and one alias per replica at `hosts` ("host:port")."""
    found = {DEFAULT_DB_ALIAS: default}
    for number, host in enumerate(hosts, 1):
        name, port = host.rsplit(":", 1)
        mirror = {"MIRROR": DEFAULT_DB_ALIAS}  # tests: the same database
        found[f"{REPLICA_PREFIX}{number}"] = {**default, "HOST": name, "PORT": port, "TEST": mirror}
    return found


def replicas():
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


def _candidates():
    """Where a reader's page is read from, in order: the replicas this process has not seen
    fail lately (at random), the primary, then every replica on a new connection (one that
    failed may be back; a connection kept from before a restart fails once even so)."""
    now = time.monotonic()
    healthy = [alias for alias in replicas() if _down_until.get(alias, 0) <= now]
    random.shuffle(healthy)
    return [*healthy, DEFAULT_DB_ALIAS, *replicas()]


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return _reads_from.get()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, replicated

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS


def reads_from():
    """The alias the current request reads from (raw SQL of reader queries uses it too)."""
    return _reads_from.get()


def saved(**kwargs):
    """A row was written: for the replicas' lag, reader pages are rendered from the primary.

    Connected to every model's post_save and post_delete by the middleware, and kept in the cache, which
    every app server shares."""
    lag = settings.DATABASE_REPLICA_LAG_SECONDS

    def mark():
        cache.set(RECENT_WRITE_KEY, time.time() + lag, lag + 1)

    mark()
    transaction.on_commit(mark)


class ReplicaReadsMiddleware:
    SAFE = ("GET", "HEAD")

    def __init__(self, get_response):
        if not replicas():
            raise MiddlewareNotUsed
        self.get_response = get_response
        post_save.connect(saved, dispatch_uid="portal.replicas:saved")
        post_delete.connect(saved, dispatch_uid="portal.replicas:deleted")

    def __call__(self, request):
        if request.method not in self.SAFE:
            response = self.get_response(request)
            if response.status_code < 400:
                lag = settings.DATABASE_REPLICA_LAG_SECONDS
                response.set_cookie(PRIMARY_COOKIE, "1", max_age=lag, httponly=True, samesite="Lax")
            return response
        # A read that must see the latest writes goes to the primary, but while there is none
        # a replica's slightly older page is better than an error.
        fresh = not self._may_read_replica(request)
        for alias in [DEFAULT_DB_ALIAS, *replicas()] if fresh else _candidates():
            token = _reads_from.set(alias)
            try:
                response = self.get_response(request)
            finally:
                _reads_from.reset(token)
            if not getattr(response, "database_unavailable", False):
                return response
            # That server (or its pooler) did not answer: the page is read again from the next
            # candidate, and a replica is left alone by this process for a while.
            if alias != DEFAULT_DB_ALIAS:
                _down_until[alias] = time.monotonic() + settings.DATABASE_REPLICA_RETRY_SECONDS
            connections[alias].close()
        return response

    def _may_read_replica(self, request):
        if PRIMARY_COOKIE in request.COOKIES or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return False
        return (cache.get(RECENT_WRITE_KEY) or 0) < time.time()
