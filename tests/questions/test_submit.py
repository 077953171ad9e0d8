"""Sending a question: Vietnamese form errors, the anti-spam check spent once, the rate limit, a database outage."""

from unittest import mock

import pytest
from django.db import OperationalError

from challenge.services import issue
from news.models import SiteSettings
from questions.models import Question
from tests.challenge.helpers import solve
from tests.factories import make_poll

from .helpers import READER, SAME_SITE, form_data

pytestmark = pytest.mark.django_db


def post(client, data, **headers):
    return client.post("/hoi-dap/gui/", data, **{**SAME_SITE, **headers})


def test_a_question_is_stored_privately_and_the_asker_thanked(client):
    response = post(client, form_data(client))
    assert response.status_code == 302 and response["Location"] == "/hoi-dap/da-gui/"
    question = Question.objects.get()
    assert question.status == Question.Status.NEW and question.email == "nguyen.an@example.vn"
    assert question.ip_hash and "127.0.0.1" not in question.ip_hash
    assert "Cảm ơn" in client.get("/hoi-dap/da-gui/").content.decode()
    assert "Hỏi về cấp căn cước" not in client.get("/hoi-dap/").content.decode()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"asker_name": ""}, "Trường này là bắt buộc."),
        ({"email": "", "phone": ""}, "Vui lòng cho biết địa chỉ thư điện tử hoặc số điện thoại"),
        ({"email": "khong-phai-email"}, "Nhập địa chỉ thư điện tử hợp lệ."),
        ({"email": "", "phone": "12345"}, "Nhập số điện thoại Việt Nam"),
        ({"consent": None}, "Nghị định 13/2023/NĐ-CP"),
        ({"topic": "999999"}, "Chọn một chủ đề trong danh sách."),
    ],
    ids=["name", "no-contact", "email", "phone", "consent", "topic"],
)
def test_form_errors_are_in_vietnamese_and_nothing_is_stored(client, overrides, message):
    response = post(client, form_data(client, **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html or (overrides.get("consent", "x") is None and "dữ liệu cá nhân" in html)
    assert Question.objects.count() == 0


def test_the_challenge_is_required_and_a_replay_refused(client):
    missing = post(client, form_data(client, altcha=None))
    assert missing.status_code == 403 and "kiểm tra chống" in missing.content.decode().lower()
    data = form_data(client)
    assert post(client, data).status_code == 302
    replay = post(client, data)
    assert replay.status_code == 403 and "đã được dùng" in replay.content.decode()
    assert Question.objects.count() == 1


def test_a_challenge_for_a_poll_does_not_buy_a_question(client):
    poll = make_poll(requires_challenge=True)

    foreign = solve(issue(f"poll:{poll.pk}"))
    assert post(client, form_data(client, altcha=foreign)).status_code == 403
    assert Question.objects.count() == 0


def test_the_challenge_is_never_cached(client, settings):
    settings.PORTAL_PAGE_CACHE = True
    first, second = client.get("/hoi-dap/kiem-tra/"), client.get("/hoi-dap/kiem-tra/")
    assert first.json()["parameters"] != second.json()["parameters"]
    assert "no-store" in first["Cache-Control"]


def test_too_many_questions_from_one_address_are_refused_with_429(client, settings):
    settings.QUESTIONS_MAX_PER_ADDRESS_PER_DAY = 2
    for _ in range(2):
        assert post(client, form_data(client)).status_code == 302
    refused = post(client, form_data(client))
    assert refused.status_code == 429 and "Quá nhiều câu hỏi" in refused.content.decode()
    assert Question.objects.count() == 2


def test_a_post_from_another_site_is_refused(client):
    assert post(client, form_data(client), HTTP_ORIGIN="https://evil.example").status_code == 403
    assert Question.objects.count() == 0


def test_with_the_database_down_the_asker_is_told_to_try_again(client):
    data = form_data(client)
    with mock.patch("questions.views.too_many_from", side_effect=OperationalError("server closed the connection")):
        response = post(client, data)
    assert response.status_code == 503 and response["Retry-After"]
    assert "tải lại trang" in response.content.decode()
    assert Question.objects.count() == 0


def test_the_form_page_is_served_from_the_page_cache_without_a_csrf_token(client, settings, django_assert_num_queries):
    settings.PORTAL_PAGE_CACHE = True
    form_data(client)  # the topic
    SiteSettings.load()
    first = client.get("/hoi-dap/gui-cau-hoi/", **READER)
    assert first["X-Page-Cache"] == "miss" and "csrfmiddlewaretoken" not in first.content.decode()
    assert 'challenge="/hoi-dap/kiem-tra/"' in first.content.decode()
    with django_assert_num_queries(0):
        assert client.get("/hoi-dap/gui-cau-hoi/", **READER)["X-Page-Cache"] == "hit"
