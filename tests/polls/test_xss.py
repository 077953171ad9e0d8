"""Nothing typed into an article's poll (question, answers) or the article's title runs in a reader's
browser: not in the article's box, the poll's page or the archive."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from polls.ballots import selected_ballots, void_ballots
from tests.factories import make_article, make_poll
from tests.news.test_sanitize import XSS_PAYLOADS, executable_parts
from tests.polls.helpers import page_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("payload", XSS_PAYLOADS, ids=[f"xss{i:02d}" for i in range(len(XSS_PAYLOADS))])
def test_article_poll_texts_are_shown_inert(client, payload):
    """Each known payload as the question, an answer and the article's title: shown as text only."""
    article = make_article(title=payload[:300])
    poll = make_poll(payload[:300], answers=(payload[:200], "Không"), article=article, requires_challenge=True)
    for url in (article.get_absolute_url(), poll.get_absolute_url(), "/binh-chon/"):
        assert executable_parts(page_text(client.get(url))) == [], url


@pytest.mark.parametrize("payload", XSS_PAYLOADS, ids=[f"xss{i:02d}" for i in range(len(XSS_PAYLOADS))])
def test_a_voiding_reason_is_shown_inert_on_the_ballots_page(client, payload):
    """The reason an editor types for voiding, and the poll's question, as text only on the ballots page."""
    poll = make_poll(payload[:300], answers={"Có": 2, "Không": 0})
    editor = get_user_model().objects.create_superuser("bientap", "bt@example.vn", "mat-khau-dai-2026")
    void_ballots(poll, selected_ballots(poll, ids=list(poll.votes.values_list("pk", flat=True))), payload, editor, "x")
    client.force_login(editor)
    assert executable_parts(page_text(client.get(reverse("admin:polls_poll_ballots", args=[poll.pk])))) == []
