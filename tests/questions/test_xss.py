"""0 of the XSS corpus executable through every field of a question: on its page, the list,
the search, the feed, the sitemap, and the admin's queue."""

import pytest

from tests.factories import make_user
from tests.news.test_sanitize import XSS_PAYLOADS, executable_parts
from tests.questions.helpers import make_question, topic

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_in_every_field_is_inert(client, payload):
    question = make_question(
        title=f"Hỏi {payload}",
        asker_name=f"Nguyễn {payload}",
        ward=f"Phường {payload}",
        text=f"Nội dung {payload}",
        answer=f"<p>Trả lời {payload}</p>",
        rejection_reason=payload,
        topic=topic(f"Chủ đề {payload}"[:150]),
    )
    pages = [
        question.get_absolute_url(),
        "/hoi-dap/",
        "/hoi-dap/?q=noi+dung",
        f"/hoi-dap/?chu-de={question.topic.slug}",
        "/hoi-dap/rss/",
        "/sitemap.xml",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert executable_parts(response.content.decode()) == [], (url, payload)

    client.force_login(make_user("bientap", "editor"))
    for url in ["/quan-tri/questions/question/", f"/quan-tri/questions/question/{question.pk}/change/"]:
        html = client.get(url).content.decode()
        problems = [p for p in executable_parts(html) if payload.split(">")[0][:12] in str(p)]
        assert problems == [], (url, payload)
