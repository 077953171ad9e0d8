"""Reader polls: Polls in the editors' admin."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from polls.models import Answer, Poll, Vote
from polls.services import cast_vote
from polls.voters import hash_ip
from tests.factories import QUESTION, make_poll
from tests.polls.helpers import answer_ids, vote_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("bientap", "bt@example.vn", "mat-khau-dai-2026")
    client.force_login(user)
    return client


def test_editor_creates_a_poll_with_ordered_answers(editor_client):
    """In the admin an editor writes the question and its answers inline, in order."""
    now = timezone.localtime()
    data = {
        "question": "Bạn có hài lòng với dịch vụ công trực tuyến?",
        "description": "",
        "opens_at_0": now.strftime("%Y-%m-%d"),
        "opens_at_1": now.strftime("%H:%M:%S"),
        "closes_at_0": "",
        "closes_at_1": "",
        "is_active": "on",
        "choice_type": "single",
        "results_visibility": "always",
        "answers-TOTAL_FORMS": "3",
        "answers-INITIAL_FORMS": "0",
        "answers-MIN_NUM_FORMS": "2",
        "answers-MAX_NUM_FORMS": "1000",
        "answers-0-text": "Hài lòng",
        "answers-0-order": "2",
        "answers-1-text": "Rất hài lòng",
        "answers-1-order": "1",
        "answers-2-text": "",
        "answers-2-order": "0",
    }
    response = editor_client.post(reverse("admin:polls_poll_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    poll = Poll.objects.get()
    assert [a.text for a in poll.answers.all()] == ["Rất hài lòng", "Hài lòng"]


def test_admin_refuses_a_poll_with_one_answer_in_vietnamese(editor_client):
    """A poll needs at least two answers; the admin says so in Vietnamese."""
    now = timezone.localtime()
    data = {
        "question": "Chỉ một phương án?",
        "opens_at_0": now.strftime("%Y-%m-%d"),
        "opens_at_1": now.strftime("%H:%M:%S"),
        "choice_type": "single",
        "results_visibility": "always",
        "answers-TOTAL_FORMS": "1",
        "answers-INITIAL_FORMS": "0",
        "answers-MIN_NUM_FORMS": "2",
        "answers-MAX_NUM_FORMS": "1000",
        "answers-0-text": "Có",
        "answers-0-order": "0",
    }
    response = editor_client.post(reverse("admin:polls_poll_add"), data)
    assert response.status_code == 200 and Poll.objects.count() == 0
    assert "Một cuộc bình chọn cần ít nhất 2 phương án." in response.content.decode()


def test_admin_change_page_shows_results_chart(editor_client):
    """The editor sees counts, percentages and bars on the poll's page in the admin."""
    poll = make_poll()
    cast_vote(poll, answer_ids(poll)[:1], voter="v", ip="10.0.0.1")
    html = editor_client.get(reverse("admin:polls_poll_change", args=[poll.pk])).content.decode()
    assert 'class="poll-results"' in html and "<strong>100%</strong> (1 phiếu)" in html and "pw-100" in html
    assert "css/polls.css" in html and "Xuất danh sách phiếu (CSV)" in html


def test_admin_list_shows_voters_and_status(editor_client):
    """The poll list shows each poll's state and number of voters."""
    poll = make_poll()
    cast_vote(poll, answer_ids(poll)[:1], voter="v", ip="10.0.0.1")
    html = editor_client.get(reverse("admin:polls_poll_changelist")).content.decode()
    assert "Đang diễn ra" in html and QUESTION in html


def test_admin_open_and_close_actions(editor_client):
    """'Close now' ends a poll at once; 'open now' reopens it and makes a scheduled one start now."""
    running = make_poll("Đang mở")
    scheduled = make_poll("Hẹn giờ", opened_days_ago=-3)
    url = reverse("admin:polls_poll_changelist")
    response = editor_client.post(url, {"action": "close_now", "_selected_action": [running.pk]}, follow=True)
    assert "Đã đóng 1 cuộc bình chọn." in response.content.decode()
    running.refresh_from_db()
    assert running.is_closed()
    editor_client.post(url, {"action": "open_now", "_selected_action": [running.pk, scheduled.pk]})
    running.refresh_from_db()
    scheduled.refresh_from_db()
    assert running.is_open() and scheduled.is_open()


def test_admin_exports_votes_as_csv_without_personal_data(editor_client):
    """The CSV has ballot, time, answer and hashed address, in Vietnamese, and no raw address or token."""
    poll = make_poll(choice_type=Poll.ChoiceType.MULTIPLE, answers=("=1+1", "Không"))
    cast_vote(poll, answer_ids(poll), voter="raw-token", ip="192.0.2.10")
    response = editor_client.get(reverse("admin:polls_poll_export", args=[poll.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["Phiếu số", "Thời gian", "Phương án", "IP (đã băm)"]
    assert [r[2] for r in rows[1:]] == ["'=1+1", "Không"]
    assert rows[1][3] == hash_ip("192.0.2.10")
    assert "192.0.2.10" not in body and "raw-token" not in body


def test_csv_export_needs_an_editor(client):
    """Readers cannot download the ballots."""
    poll = make_poll()
    response = client.get(reverse("admin:polls_poll_export", args=[poll.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_admin_cannot_delete_an_answer_that_received_votes(editor_client):
    """Deleting an answer with votes is refused with a Vietnamese message; the results stay as they were."""
    poll = make_poll(answers=("Có", "Không", "Khác"))
    ids = answer_ids(poll)
    cast_vote(poll, ids[:1], voter="v", ip="10.0.0.1")
    data = {
        "question": poll.question,
        "opens_at_0": timezone.localtime(poll.opens_at).strftime("%Y-%m-%d"),
        "opens_at_1": timezone.localtime(poll.opens_at).strftime("%H:%M:%S"),
        "is_active": "on",
        "choice_type": "single",
        "results_visibility": "always",
        "answers-TOTAL_FORMS": "3",
        "answers-INITIAL_FORMS": "3",
        "answers-MIN_NUM_FORMS": "2",
        "answers-MAX_NUM_FORMS": "1000",
        "answers-0-DELETE": "on",
    }
    for n, (pk, text) in enumerate(zip(ids, ("Có", "Không", "Khác"), strict=True)):
        data.update({f"answers-{n}-id": pk, f"answers-{n}-poll": poll.pk, f"answers-{n}-text": text})
        data[f"answers-{n}-order"] = n
    response = editor_client.post(reverse("admin:polls_poll_change", args=[poll.pk]), data)
    assert response.status_code == 200 and "Xóa phương án Có" in response.content.decode()
    assert Answer.objects.filter(pk=ids[0]).exists() and vote_count(poll) == 1


def test_deleting_a_poll_removes_its_ballots(editor_client):
    """An editor can delete a test poll with its votes."""
    poll = make_poll()
    cast_vote(poll, answer_ids(poll)[:1], voter="v", ip="10.0.0.1")
    poll.delete()
    assert Vote.objects.count() == 0 and Answer.objects.count() == 0
