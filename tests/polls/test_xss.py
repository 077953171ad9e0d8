"""Nothing typed into an article's poll (question, answers) or the article's title runs in a reader's
browser: not in the article's box, the poll's page or the archive."""

import pytest

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
