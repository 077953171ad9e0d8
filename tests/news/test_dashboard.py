"""Each role's start page: a reporter's own work, an editor's queue and schedule, an administrator's accounts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import Article, DailyViews
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db
Status = Article.Status


def start_page(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response


def lists_of(response):
    """{list kind: [titles]} of the start page's lists."""
    return {item["kind"]: [a.title for a in item["articles"]] for item in response.context["newsroom"]["lists"]}


def section_html(response, list_id):
    page = response.content.decode()
    start = page.index(f'id="{list_id}-title"')
    return page[start : page.index("</section>", start)]


# Phóng viên (reporter)


def test_reporter_starts_with_their_returned_drafts_and_submitted_articles(client):
    """A reporter sees their own returned articles (with the note), drafts and submitted ones; nobody else's."""
    reporter, other = make_user("phongvien", "reporter"), make_user("phongvien2", "reporter")
    make_article(
        title="Bài bị trả",
        status=Status.RETURNED,
        published_at=None,
        created_by=reporter,
        review_note="Bổ sung chú thích ảnh.",
    )
    make_article(title="Bản nháp của tôi", status=Status.DRAFT, published_at=None, created_by=reporter)
    make_article(title="Bài đã gửi", status=Status.REVIEW, published_at=None, created_by=reporter)
    make_article(title="Bản nháp người khác", status=Status.DRAFT, published_at=None, created_by=other)
    make_article(title="Bài người khác chờ duyệt", status=Status.REVIEW, published_at=None, created_by=other)
    response = start_page(client, reporter)
    assert lists_of(response) == {
        "returned": ["Bài bị trả"],
        "drafts": ["Bản nháp của tôi"],
        "submitted": ["Bài đã gửi"],
    }
    returned = section_html(response, "newsroom-returned")
    assert "Bị trả lại cho bạn" in returned and "Bổ sung chú thích ảnh." in returned
    page = response.content.decode()
    assert "Bản nháp người khác" not in page and "Bài người khác chờ duyệt" not in page
    assert "Cần duyệt" not in page and "Tài khoản tòa soạn" not in page


def test_reporter_with_nothing_to_do_is_told_so(client):
    """Empty lists say so in Vietnamese."""
    response = start_page(client, make_user("phongvien", "reporter"))
    page = response.content.decode()
    assert "Không có bài nào bị trả lại cho bạn." in page and "Bạn chưa có bản nháp nào." in page


def test_a_long_list_links_to_all_of_them(client):
    """Past six drafts the list shows the six changed last and links to the filtered list of all."""
    reporter = make_user("phongvien", "reporter")
    for n in range(8):
        make_article(title=f"Nháp {n}", status=Status.DRAFT, published_at=None, created_by=reporter)
    response = start_page(client, reporter)
    assert lists_of(response)["drafts"] == [f"Nháp {n}" for n in range(7, 1, -1)]
    drafts = section_html(response, "newsroom-drafts")
    assert f'href="{reverse("admin:news_article_changelist")}?state=draft">Xem tất cả (8)' in drafts


# Biên tập viên (editor)


def test_editor_starts_with_the_queue_oldest_first_and_the_schedule_soonest_first(client):
    """The review queue lists what waited longest first, with its author; the schedule what appears next."""
    reporter = make_user("phongvien", "reporter")
    now = timezone.now()
    waited = make_article(title="Gửi từ hôm qua", status=Status.REVIEW, published_at=None, created_by=reporter)
    Article.objects.filter(pk=waited.pk).update(updated_at=now - timedelta(days=1))
    make_article(title="Gửi sáng nay", status=Status.REVIEW, published_at=None, created_by=reporter)
    make_article(title="Đăng tuần sau", published_at=now + timedelta(days=7))
    make_article(title="Đăng ngày mai", published_at=now + timedelta(days=1))
    make_article(title="Đã đăng", published_at=now - timedelta(hours=1))
    response = start_page(client, make_user("bientap", "editor"))
    assert lists_of(response) == {
        "review": ["Gửi từ hôm qua", "Gửi sáng nay"],
        "scheduled": ["Đăng ngày mai", "Đăng tuần sau"],
    }
    queue = section_html(response, "newsroom-review")
    assert "Cần duyệt" in queue and "phongvien" in queue
    schedule = section_html(response, "newsroom-scheduled")
    assert f"đăng lúc {timezone.localtime(now + timedelta(days=1)):%d/%m/%Y %H:%M}" in schedule
    assert "Tài khoản tòa soạn" not in response.content.decode()


def test_most_read_today_counts_only_todays_views(client):
    """Most read today ranks by today's views; yesterday's do not count there."""
    today = timezone.localdate()
    hot, yesterday = make_article(title="Đọc nhiều hôm nay"), make_article(title="Đọc nhiều hôm qua")
    DailyViews.objects.create(article=hot, day=today, views=12)
    DailyViews.objects.create(article=yesterday, day=today - timedelta(days=1), views=500)
    DailyViews.objects.create(article=yesterday, day=today, views=3)
    response = start_page(client, make_user("bientap", "editor"))
    assert [(a.title, a.period_views) for a in response.context["newsroom"]["most_read_today"]] == [
        ("Đọc nhiều hôm nay", 12),
        ("Đọc nhiều hôm qua", 3),
    ]
    today_section = section_html(response, "newsroom-most-read-today")
    assert "Đọc nhiều nhất hôm nay" in today_section and "12 lượt xem" in today_section


# Quản trị (administrator)


def test_administrator_sees_the_editors_lists_and_the_accounts(client):
    """An administrator gets the queue and the schedule, and the newsroom's accounts per role."""
    make_user("phongvien", "reporter")
    make_user("phongvien2", "reporter")
    make_user("cu", "reporter", is_active=False)
    make_user("bientap", "editor")
    make_article(title="Chờ duyệt", status=Status.REVIEW, published_at=None)
    response = start_page(client, make_user("quantri", "admin"))
    assert lists_of(response) == {"review": ["Chờ duyệt"], "scheduled": []}
    accounts = {role["name"]: role["count"] for role in response.context["newsroom"]["accounts"]}
    assert accounts == {"Phóng viên": 2, "Biên tập viên": 1, "Quản trị": 1}
    assert "Tài khoản tòa soạn" in response.content.decode()
    assert "groups__id__exact=" in section_html(response, "newsroom-accounts")


# The cost


@pytest.mark.parametrize("role", ["reporter", "editor", "admin"])
def test_start_page_queries_do_not_grow_with_articles(client, role):
    """Three or thirty articles in every state cost the same number of queries, for each role."""
    user = make_user(f"nguoidung-{role}", role)
    client.force_login(user)

    def make_some(n):
        for i in range(n):
            for status in (Status.DRAFT, Status.RETURNED, Status.REVIEW):
                make_article(status=status, published_at=None, created_by=user)
            article = make_article(published_at=timezone.now() + timedelta(days=i + 1), created_by=user)
            DailyViews.objects.create(article=make_article(), day=timezone.localdate(), views=i + 1)
            assert article.is_scheduled()

    def queries():
        client.get(reverse("admin:index"))  # the site settings, cached after the first page
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("admin:index"))
        return len(ctx.captured_queries)

    make_some(1)
    few = queries()
    make_some(8)
    assert queries() == few
