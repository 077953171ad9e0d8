"""Operations: the health endpoint for load balancers, request ids and JSON log lines."""

import json
import logging
from unittest import mock

import pytest
from django.db import OperationalError

from portal.logging import JsonFormatter, RequestIdFilter, request_id

pytestmark = pytest.mark.django_db


def test_health_is_ok_with_database_and_cache(client):
    """The load balancer's probe gets a 200 and a JSON report when everything works."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_health_fails_when_the_database_does(client):
    """No database: 503, so the balancer sends readers to another server."""
    with mock.patch("portal.health.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error"
    assert response.json()["status"] == "error"


def test_health_answers_probes_over_http_with_any_host(settings, client):
    """Under production settings a probe by IP over plain HTTP gets no redirect and no 400."""
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["quanuy.example.vn"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.12:8000")
    assert response.status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.12:8000").status_code == 400  # other pages still check


def test_health_is_neither_cached_nor_a_page(settings, client):
    """The probe never lands in the page cache nor touches a session."""
    settings.PORTAL_PAGE_CACHE = True
    for _ in range(2):
        response = client.get("/healthz")
        assert "X-Page-Cache" not in response
        assert not response.cookies


def test_every_response_carries_a_request_id(client):
    """A request id ties a reader's complaint to the log lines; nginx's own id is kept."""
    made = client.get("/")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/", HTTP_X_REQUEST_ID="f3a9c2d1e0b8a7f6")["X-Request-ID"] == "f3a9c2d1e0b8a7f6"
    assert client.get("/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"] != "<script>"


def test_json_log_lines_carry_the_request_id():
    """LOG_FORMAT=json writes one JSON object per line with level, logger, message and request id."""
    record = logging.LogRecord("news", logging.WARNING, __file__, 1, "Bài %s bị lỗi ảnh", ("42",), None)
    record.article_id = 42
    token = request_id.set("abc123def456")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "news"
    assert entry["message"] == "Bài 42 bị lỗi ảnh"
    assert entry["request_id"] == "abc123def456"
    assert entry["article_id"] == 42


def test_json_log_lines_include_the_traceback_on_one_line():
    """An error's traceback stays inside its JSON line (log shippers read line by line)."""
    try:
        raise ValueError("hỏng")
    except ValueError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Lỗi", (), sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: hỏng" in entry["exception"]
    assert entry["request_id"] == "-"
