"""Preview: staff see any article exactly as readers will, at an address nobody else reaches or indexes."""

import pytest
from django.urls import reverse

from news.models import Article
from tests.factories import make_article, make_user
from tests.newsroom import change_url

pytestmark = pytest.mark.django_db
Status = Article.Status


def preview_url(article):
    return reverse("news:preview", args=[article.pk])


def test_editor_previews_a_draft_as_readers_will_see_it(client):
    """The preview shows the draft's title, lead, body and photos in the reader's page, with a banner."""
    article = make_article(
        status=Status.DRAFT,
        published_at=None,
        title="Bản nháp chờ xem trước",
        body="<p>Đoạn riêng của bản nháp.</p>",
        photos=1,
    )
    client.force_login(make_user("bientap", "editor"))
    response = client.get(preview_url(article))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bản nháp chờ xem trước" in page and "Đoạn riêng của bản nháp." in page
    assert "Chú thích ảnh 1" in page
    assert 'class="preview-banner"' in page
    assert '<meta name="robots" content="noindex, nofollow">' in page


def test_preview_is_not_indexed_cached_or_counted(client):
    """The preview says noindex in a header, is never cached, and adds no view."""
    article = make_article(status=Status.REVIEW, published_at=None)
    client.force_login(make_user("bientap", "editor"))
    response = client.get(preview_url(article), HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14)")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    article.refresh_from_db()
    assert article.view_count == 0
    assert not article.daily_views.exists()


def test_anonymous_reader_is_sent_to_the_login(client):
    """A reader who finds a preview address gets the login page, not the article."""
    article = make_article(status=Status.DRAFT, published_at=None, title="Bí mật chưa đăng")
    response = client.get(preview_url(article))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "Bí mật chưa đăng" not in response.content.decode()


def test_logged_in_non_staff_cannot_preview(client):
    """An account that is not staff cannot preview either."""
    article = make_article(status=Status.DRAFT, published_at=None)
    client.force_login(make_user("bandoc", is_staff=False))
    assert client.get(preview_url(article)).status_code == 302


def test_reporter_previews_own_article_only(client):
    """A reporter previews their own draft; another reporter's is not found."""
    reporter = make_user("phongvien", "reporter")
    mine = make_article(status=Status.DRAFT, published_at=None, created_by=reporter)
    theirs = make_article(status=Status.DRAFT, published_at=None, created_by=make_user("phongvien2", "reporter"))
    client.force_login(reporter)
    assert client.get(preview_url(mine)).status_code == 200
    assert client.get(preview_url(theirs)).status_code == 404


def test_preview_of_a_missing_article_is_a_404(client):
    """A preview address for no article answers 404."""
    client.force_login(make_user("bientap", "editor"))
    assert client.get(reverse("news:preview", args=[987654])).status_code == 404


def test_preview_is_disallowed_in_robots_txt(client):
    """robots.txt keeps crawlers away from previews."""
    assert "Disallow: /xem-truoc/" in client.get("/robots.txt").content.decode()


def test_admin_links_to_the_preview(client):
    """The article's admin page and the list both offer 'Xem trước'."""
    article = make_article(status=Status.DRAFT, published_at=None)
    client.force_login(make_user("bientap", "editor"))
    assert preview_url(article) in client.get(change_url(article)).content.decode()
    listing = client.get(reverse("admin:news_article_changelist")).content.decode()
    assert preview_url(article) in listing and "Xem trước" in listing
