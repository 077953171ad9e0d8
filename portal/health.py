"""GET /healthz for load balancers: is this app server able to serve pages?

Answered first in the middleware stack: load balancers probe over plain HTTP with their own
Host header, and must get neither an HTTPS redirect nor a 400 for an unknown host. Never
cached, never counted, no session.

200 when the database answers; 503 when it does not (the balancer then stops sending readers
here). The cache is checked and reported too, but a Redis outage does not fail the check:
every server shares that Redis, and the portal serves pages from the database without it,
so failing would take the whole site out for nothing.
"""

import json
import logging
import time
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

PATH = "/healthz"


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "ok"
    except DatabaseError as exc:
        logger.error("Health check: database unreachable: %s", exc)
        return "error"


def check_cache():
    key, token = "portal:healthz", uuid.uuid4().hex
    try:
        cache.set(key, token, 30)
        answered = cache.get(key) == token
    except Exception as exc:  # any backend failure is a failed check, not a 500
        logger.error("Health check: cache unusable: %s", exc)
        return "error"
    if answered and getattr(cache, "is_down", lambda: False)():
        return "fallback"  # Redis unreachable, its stand-in answers: pages are served, slower
    return "ok" if answered else "error"


def health(request):
    started = time.monotonic()
    checks = {"database": check_database(), "cache": check_cache()}
    healthy = checks["database"] == "ok"
    body = {
        "status": ("ok" if checks["cache"] == "ok" else "degraded") if healthy else "error",
        "checks": checks,
        "duration_ms": round((time.monotonic() - started) * 1000, 1),
    }
    response = HttpResponse(json.dumps(body), content_type="application/json", status=200 if healthy else 503)
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH and request.method in ("GET", "HEAD"):
            return health(request)
        return self.get_response(request)
