"""Reader polls: an article's own poll, in the "Bình chọn" box beside it, under the page cache."""

import ast
import pathlib
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from polls.models import Poll
from tests.factories import make_article, make_poll
from tests.newsroom import add_url, article_data
from tests.polls.helpers import answer_ids, page_text, vote_url

pytestmark = pytest.mark.django_db

# A crawler: its views are not counted, so an article page is the same from one request to the next.
CRAWLER = {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1)"}
OWN = "Theo bạn, phường có nên mở thêm điểm đọc sách cho thiếu nhi?"
SITE_WIDE = "Bạn đánh giá thế nào về cổng thông tin của quận?"


@pytest.fixture
def article_with_poll():
    article = make_article(title="Phường Hòa Bình khánh thành thư viện cộng đồng")
    return article, make_poll(OWN, article=article)


def box_html(html):
    start = html.index('class="box poll-box"')
    return html[start : html.index("</section>", start)]


def test_article_page_shows_its_own_poll_first_and_the_site_wide_one(client, article_with_poll):
    """Beside the article, its own poll comes first in the box, then the site-wide poll."""
    article, own = article_with_poll
    make_poll(SITE_WIDE)
    box = box_html(page_text(client.get(article.get_absolute_url())))
    assert OWN in box and SITE_WIDE in box and box.index(OWN) < box.index(SITE_WIDE)
    assert f'action="{vote_url(own)}"' in box


def test_an_article_poll_stays_beside_its_article(client, article_with_poll):
    """The home page, sections and other articles show only the site-wide polls."""
    article, _ = article_with_poll
    make_poll(SITE_WIDE)
    other = make_article(section=article.section, title="Bài khác")
    for url in ("/", article.section.get_absolute_url(), other.get_absolute_url()):
        html = page_text(client.get(url))
        assert SITE_WIDE in html and OWN not in html, url


def test_vote_in_an_article_poll_then_results_and_a_link_back(client, article_with_poll):
    """After voting from the article the reader sees the results on the poll's page, which links back."""
    article, poll = article_with_poll
    response = client.post(vote_url(poll), {"answer": answer_ids(poll)[0]}, follow=True)
    html = page_text(response)
    assert "Cảm ơn bạn đã tham gia bình chọn!" in html and "Tổng số: 1 người tham gia bình chọn" in html
    assert f'<a href="{article.get_absolute_url()}">{article.title}</a>' in html
    box = box_html(page_text(client.get(article.get_absolute_url())))
    assert "Bạn đã tham gia cuộc bình chọn này. Xin cảm ơn!" in box and f'action="{vote_url(poll)}"' not in box


def test_poll_page_does_not_link_to_an_unpublished_article(client, article_with_poll):
    """An article taken back to draft is not advertised by its poll's page."""
    article, poll = article_with_poll
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert article.get_absolute_url() not in page_text(client.get(poll.get_absolute_url()))


def test_a_cached_article_page_gets_its_new_closed_and_voted_poll_at_once(client, settings):
    """Under the page cache, an article poll the editor adds, a vote and a closing show at the next view."""
    settings.PORTAL_PAGE_CACHE = True
    article = make_article()
    url = article.get_absolute_url()
    assert OWN not in page_text(client.get(url, **CRAWLER))
    poll = make_poll(OWN, article=article)
    assert f'action="{vote_url(poll)}"' in page_text(client.get(url, **CRAWLER))
    voter = Client()
    voter.post(vote_url(poll), {"answer": answer_ids(poll)[0]})
    voter.get(url, **CRAWLER)  # the page with the thank-you message
    assert f'action="{vote_url(poll)}"' not in page_text(voter.get(url, **CRAWLER))
    assert f'action="{vote_url(poll)}"' in page_text(client.get(url, **CRAWLER))  # others still get the form
    poll.closes_at = timezone.now() - timedelta(seconds=1)
    poll.save()
    assert OWN not in page_text(client.get(url, **CRAWLER))


def test_article_page_with_its_poll_costs_no_more_queries(client, django_assert_max_num_queries):
    """The article's own poll comes from the box's cache: the page costs the same with or without it."""
    article = make_article()
    client.get(article.get_absolute_url(), **CRAWLER)
    make_poll(OWN, article=article)
    client.get(article.get_absolute_url(), **CRAWLER)  # warms the box's cache
    with django_assert_max_num_queries(2):
        assert OWN in page_text(client.get(article.get_absolute_url(), **CRAWLER))


def test_editor_attaches_a_poll_to_an_article(client, django_user_model):
    """On the article form an editor writes the poll's question and its answers, one per line."""
    from tests.factories import make_section

    user = get_user_model().objects.create_superuser("bientap", "bt@example.vn", "mat-khau-dai-2026")
    client.force_login(user)
    section = make_section("Văn hóa – Xã hội")
    now = timezone.localtime()
    data = article_data(
        section,
        **{
            "polls-TOTAL_FORMS": "1",
            "polls-0-question": OWN,
            "polls-0-answer_lines": "Có\n\nKhông\nÝ kiến khác\n",
            "polls-0-choice_type": "single",
            "polls-0-results_visibility": "after_vote",
            "polls-0-opens_at_0": now.strftime("%Y-%m-%d"),
            "polls-0-opens_at_1": now.strftime("%H:%M:%S"),
            "polls-0-closes_at_0": "",
            "polls-0-closes_at_1": "",
            "polls-0-requires_challenge": "on",
        },
    )
    response = client.post(add_url(), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    poll = Poll.objects.get()
    assert poll.article == Article.objects.get() and poll.requires_challenge
    assert [a.text for a in poll.answers.all()] == ["Có", "Không", "Ý kiến khác"]
    edit = page_text(client.get(reverse("admin:news_article_change", args=[poll.article_id])))
    assert "Bình chọn của bài viết" in edit and OWN in edit


def test_article_poll_needs_two_answers_in_vietnamese(client):
    """One answer is refused with a Vietnamese message, and nothing is saved."""
    from tests.factories import make_section

    user = get_user_model().objects.create_superuser("bientap", "bt@example.vn", "mat-khau-dai-2026")
    client.force_login(user)
    now = timezone.localtime()
    data = article_data(
        make_section("Văn hóa – Xã hội"),
        **{
            "polls-TOTAL_FORMS": "1",
            "polls-0-question": OWN,
            "polls-0-answer_lines": "Có",
            "polls-0-choice_type": "single",
            "polls-0-results_visibility": "always",
            "polls-0-opens_at_0": now.strftime("%Y-%m-%d"),
            "polls-0-opens_at_1": now.strftime("%H:%M:%S"),
        },
    )
    response = client.post(add_url(), data)
    assert response.status_code == 200
    assert "Một cuộc bình chọn cần ít nhất 2 phương án." in page_text(response)
    assert not Poll.objects.exists() and not Article.objects.exists()


def test_news_imports_nothing_from_polls():
    """news knows nothing of polls (polls builds on news): the poll box reaches its pages through settings."""
    offenders = []
    for path in pathlib.Path(settings.BASE_DIR, "news").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path}: {n}" for n in names if n == "polls" or n.startswith("polls.")]
    assert offenders == []


def test_a_deleted_articles_poll_is_hidden_not_made_site_wide(client):
    """Deleting an article keeps its poll and ballots for the record, hidden: it does not jump to every page."""
    article = make_article()
    poll = make_poll(OWN, {"Có": 2}, article=article)
    article.delete()
    poll.refresh_from_db()
    assert poll.article is None and not poll.is_active and poll.votes.count() == 2
    assert OWN not in page_text(client.get("/"))


def test_the_poll_admin_pages_open_with_the_article_field(client):
    """The poll's own page in the admin shows which article it belongs to."""
    user = get_user_model().objects.create_superuser("bientap", "bt@example.vn", "mat-khau-dai-2026")
    client.force_login(user)
    article = make_article(title="Phường Hòa Bình khánh thành thư viện cộng đồng")
    poll = make_poll(OWN, article=article)
    assert client.get(reverse("admin:polls_poll_add")).status_code == 200
    html = page_text(client.get(reverse("admin:polls_poll_change", args=[poll.pk])))
    assert article.title in html and "Yêu cầu kiểm tra chống gian lận" in html
