"""Reader polls: The "Bình chọn" box beside the pages."""

from datetime import timedelta

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from polls.models import Poll
from tests.factories import QUESTION, make_article, make_poll
from tests.polls.helpers import answer_ids, page_text, vote_url

pytestmark = pytest.mark.django_db


def test_home_page_shows_the_poll_box(client):
    """The sidebar has a "Bình chọn" box with the question, its answers, a vote button and a results link."""
    poll = make_poll()
    html = page_text(client.get(reverse("news:home")))
    assert "Bình chọn</h2>" in html
    assert QUESTION in html
    assert 'type="radio" name="answer"' in html and "Ý kiến khác" in html
    assert f'action="{vote_url(poll)}"' in html and "csrfmiddlewaretoken" not in html
    assert ">Bình chọn</button>" in html
    assert f'href="{poll.get_absolute_url()}">Xem kết quả</a>' in html
    assert "js/polls.js" in html and "<script>" not in html and "style=" not in html


def test_article_and_section_pages_show_the_poll_box(client):
    """Readers see the poll beside articles and on section pages too."""
    make_poll()
    article = make_article()
    assert QUESTION in page_text(client.get(article.get_absolute_url()))
    assert QUESTION in page_text(client.get(article.section.get_absolute_url()))


def test_several_answers_poll_uses_checkboxes(client):
    """A several-answers poll offers checkboxes and says so."""
    make_poll(choice_type=Poll.ChoiceType.MULTIPLE)
    html = page_text(client.get(reverse("news:home")))
    assert 'type="checkbox" name="answer"' in html and "Bạn có thể chọn nhiều phương án." in html


def test_box_hides_closed_upcoming_and_hidden_polls(client):
    """Without an open poll there is no box at all."""
    make_poll("Sắp mở", opened_days_ago=-1)
    make_poll("Đã đóng", opened_days_ago=10, days_open=2)
    make_poll("Bị ẩn", is_active=False)
    assert "poll-box" not in page_text(client.get(reverse("news:home")))


def render_box():
    request = RequestFactory().get("/")
    return Template("{% load polls_tags %}{% poll_box %}").render(Context({"request": request, "csrf_token": "t"}))


@pytest.mark.parametrize("polls, answers", [(1, 2), (4, 8)])
def test_poll_box_costs_two_queries_then_none(django_assert_num_queries, polls, answers):
    """The box costs two queries whatever the number of polls and answers, and none while cached."""
    for n in range(polls):
        make_poll(f"Câu hỏi {n}", answers=[f"Phương án {i}" for i in range(answers)])
    with django_assert_num_queries(2):
        html = render_box()
    assert "Câu hỏi" in html
    with django_assert_num_queries(0):
        assert render_box() == html


def test_box_thanks_a_browser_that_already_voted(client):
    """After voting, the box on other pages shows a thank-you and the results link instead of the form."""
    poll = make_poll()
    client.post(vote_url(poll), {"answer": answer_ids(poll)[0]})
    html = page_text(client.get(reverse("news:home")))
    assert "Bạn đã tham gia cuộc bình chọn này. Xin cảm ơn!" in html and f'action="{vote_url(poll)}"' not in html
    assert f'href="{poll.get_absolute_url()}">Xem kết quả</a>' in html
    assert f'action="{vote_url(poll)}"' in page_text(type(client)().get(reverse("news:home")))


def test_editor_changes_reach_the_box_at_once():
    """A poll an editor creates or closes shows up in (or leaves) the cached box immediately."""
    render_box()
    poll = make_poll("Câu hỏi mới")
    assert "Câu hỏi mới" in render_box()
    poll.closes_at = timezone.now() - timedelta(seconds=1)
    poll.save()
    assert "Câu hỏi mới" not in render_box()


def test_scheduled_poll_opens_and_closes_by_itself():
    """A scheduled poll appears at its opening time and leaves at its closing time, with no job and a warm cache."""
    now = timezone.now()
    make_poll("Hẹn giờ", opens_at=now + timedelta(hours=1), closes_at=now + timedelta(hours=2))
    assert "Hẹn giờ" not in render_box()
    with time_machine.travel(now + timedelta(minutes=90)):
        assert "Hẹn giờ" in render_box()
    with time_machine.travel(now + timedelta(hours=3)):
        assert "Hẹn giờ" not in render_box()
