"""Roles and the review workflow: every rule holds on the server, whatever the browser posts."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from news import workflow
from news.models import Article
from tests.factories import make_article, make_section, make_user
from tests.newsroom import add_url, article_data, change_url

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture
def reporter():
    return make_user("phongvien", "reporter")


@pytest.fixture
def other_reporter():
    return make_user("phongvien2", "reporter")


@pytest.fixture
def editor():
    return make_user("bientap", "editor")


@pytest.fixture
def administrator():
    return make_user("quantri", "admin")


def move(client, article, transition, **fields):
    """Post the article's change form with one of the workflow's buttons pressed."""
    return client.post(change_url(article), article_data(article.section, article, transition=transition, **fields))


def draft_by(user, status=Status.DRAFT, **kwargs):
    return make_article(status=status, created_by=user, published_at=None, **kwargs)


# The roles as the data migration made them


def test_migration_creates_the_three_roles_with_their_permissions():
    """The groups Phóng viên, Biên tập viên and Quản trị exist with what each role may do."""
    perms = {g.name: {p.codename for p in g.permissions.all()} for g in Group.objects.all()}
    assert {"add_article", "change_article", "view_article"} <= perms["Phóng viên"]
    assert not {"publish_article", "edit_any_article", "review_article", "delete_article"} & perms["Phóng viên"]
    assert {"publish_article", "edit_any_article", "review_article"} <= perms["Biên tập viên"]
    assert not {"change_section", "change_user", "delete_article"} & perms["Biên tập viên"]
    assert {"change_user", "add_user", "change_section", "change_sitesettings", "delete_article"} <= perms["Quản trị"]


# The rules themselves


def test_reporter_edits_only_own_drafts_and_returned_articles(reporter, other_reporter):
    """A reporter may change their own draft or returned article, nothing submitted, and nobody else's."""
    assert workflow.can_edit(reporter, draft_by(reporter))
    assert workflow.can_edit(reporter, draft_by(reporter, Status.RETURNED))
    assert not workflow.can_edit(reporter, draft_by(reporter, Status.REVIEW))
    assert not workflow.can_edit(reporter, make_article(created_by=reporter))
    assert not workflow.can_edit(reporter, draft_by(other_reporter))


def test_editor_edits_any_article(editor, reporter):
    """An editor may change any article, whoever wrote it and whatever its state."""
    for status in Status.values:
        assert workflow.can_edit(editor, draft_by(reporter, status))


def test_moves_offered_to_each_role(reporter, editor):
    """A reporter can only submit their draft; an editor can return or publish what awaits review."""
    names = lambda user, article: {t.name for t in workflow.allowed_transitions(user, article)}  # noqa: E731
    assert names(reporter, draft_by(reporter)) == {"submit"}
    assert names(reporter, draft_by(reporter, Status.REVIEW)) == set()
    assert names(reporter, draft_by(reporter, Status.RETURNED)) == {"submit", "redraft"}
    assert names(editor, draft_by(reporter, Status.REVIEW)) == {"return", "publish"}
    assert names(editor, make_article()) == {"unpublish"}
    assert names(editor, draft_by(reporter, Status.UNPUBLISHED)) == {"publish", "redraft"}


def test_returning_needs_a_note(editor, reporter):
    """An editor cannot return an article without saying what to change."""
    article = draft_by(reporter, Status.REVIEW)
    with pytest.raises(ValidationError) as error:
        workflow.apply_transition(article, "return", editor, note="  ")
    assert "Hãy ghi rõ tác giả cần sửa gì" in str(error.value)


def test_a_move_from_the_wrong_state_is_refused(editor):
    """Publishing what is already published, or returning a draft, is refused with a reason."""
    with pytest.raises(ValidationError, match="Không thể thực hiện"):
        workflow.apply_transition(make_article(), "publish", editor)
    with pytest.raises(ValidationError, match="Không thể thực hiện"):
        workflow.apply_transition(draft_by(editor), "return", editor, note="Sửa lại")


def test_publishing_sets_the_time_and_clears_the_note(editor, reporter):
    """Publishing with no time publishes now; the review note of an earlier return is cleared."""
    article = draft_by(reporter, Status.REVIEW, review_note="Bổ sung ảnh")
    workflow.apply_transition(article, "publish", editor)
    assert article.status == Status.PUBLISHED
    assert article.published_at <= timezone.now()
    assert article.review_note == ""


# Through the admin, as a browser would post


def test_reporter_writes_a_draft_in_the_admin(client, reporter):
    """A reporter's new article is a draft recorded as theirs."""
    client.force_login(reporter)
    section = make_section()
    response = client.post(add_url(), article_data(section, title="Tin mới của phóng viên"))
    assert response.status_code == 302
    article = Article.objects.get(title="Tin mới của phóng viên")
    assert article.status == Status.DRAFT
    assert article.created_by == reporter and article.updated_by == reporter


def test_reporter_cannot_publish_with_a_crafted_transition(client, reporter):
    """A reporter who posts the publish button's value gets a Vietnamese refusal; the draft stays a draft."""
    article = draft_by(reporter)
    client.force_login(reporter)
    response = client.post(change_url(article), article_data(article.section, article, transition="publish"))
    assert response.status_code == 200
    assert "Bạn không có quyền thực hiện thao tác này" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_reporter_cannot_publish_on_creation(client, reporter):
    """Even a brand new article cannot be published by a reporter: nothing is created."""
    client.force_login(reporter)
    response = client.post(add_url(), article_data(make_section(), title="Bài tự xuất bản", transition="publish"))
    assert response.status_code == 200
    assert not Article.objects.filter(title="Bài tự xuất bản").exists()


def test_reporter_fields_beyond_their_role_are_ignored(client, reporter):
    """Posted status, featured flag, publication time or note from a reporter change nothing."""
    article = draft_by(reporter)
    client.force_login(reporter)
    data = article_data(
        article.section,
        article,
        status="published",
        is_featured="on",
        published_at_0="2026-01-01",
        published_at_1="08:00:00",
        review_note="Tự duyệt",
        created_by=str(make_user("khac").pk),
    )
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert not article.is_featured
    assert article.published_at is None
    assert article.review_note == ""
    assert article.created_by == reporter


def test_reporter_cannot_edit_another_reporters_article(client, reporter, other_reporter):
    """Posting to someone else's draft changes nothing: the reporter cannot even find it."""
    article = draft_by(other_reporter, title="Bài của người khác")
    client.force_login(reporter)
    response = client.post(change_url(article), article_data(article.section, article, title="Đã bị sửa"))
    assert response.status_code in (302, 403, 404)
    article.refresh_from_db()
    assert article.title == "Bài của người khác"
    assert client.get(change_url(article)).status_code in (302, 404)


def test_reporter_cannot_edit_their_article_once_submitted(client, reporter):
    """After submitting, the reporter may look at their article but a crafted change is refused."""
    article = draft_by(reporter, Status.REVIEW, title="Bài đang chờ duyệt")
    Article.objects.filter(pk=article.pk).update(body="<p>Đoạn <strong>đậm</strong>.</p><script>alert(1)</script>")
    client.force_login(reporter)
    page = client.get(change_url(article))
    assert page.status_code == 200
    html = page.content.decode()
    # The body as readers will see it, not its HTML source, and still sanitized.
    assert "<p>Đoạn <strong>đậm</strong>.</p>" in html and "&lt;strong&gt;" not in html
    assert "<script>alert(1)</script>" not in html
    response = client.post(change_url(article), article_data(article.section, article, title="Sửa lén"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Bài đang chờ duyệt"


def test_reporter_cannot_edit_published_article_they_wrote(client, reporter):
    """A published article is the editors' now: its reporter's crafted change is refused."""
    article = make_article(created_by=reporter, title="Bài đã đăng")
    client.force_login(reporter)
    response = client.post(change_url(article), article_data(article.section, article, title="Sửa sau khi đăng"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Bài đã đăng"


def test_reporter_cannot_delete_articles(client, reporter):
    """Deleting is for administrators: a reporter's delete of their own draft is refused."""
    article = draft_by(reporter)
    client.force_login(reporter)
    response = client.post(reverse("admin:news_article_delete", args=[article.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_administrator_deletes_an_article(client, administrator):
    """Administrators may delete; the deletion is itself kept in the history."""
    article = make_article(photos=1)
    client.force_login(administrator)
    response = client.post(reverse("admin:news_article_delete", args=[article.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    assert Article.history.filter(id=article.pk, history_type="-").exists()


def test_reporter_lists_only_own_articles(client, reporter, other_reporter, editor):
    """The reporter's article list holds their own articles; the editor's holds everyone's."""
    mine = draft_by(reporter, title="Bài của tôi")
    theirs = draft_by(other_reporter, title="Bài của đồng nghiệp")
    client.force_login(reporter)
    page = client.get(reverse("admin:news_article_changelist")).content.decode()
    assert mine.title in page and theirs.title not in page
    client.force_login(editor)
    page = client.get(reverse("admin:news_article_changelist")).content.decode()
    assert mine.title in page and theirs.title in page


def test_reporter_cannot_manage_sections_or_accounts(client, reporter, administrator):
    """Sections and accounts are the administrators': a reporter is refused, an administrator is not."""
    section = make_section()
    client.force_login(reporter)
    assert client.post(reverse("admin:news_section_change", args=[section.pk]), {"name": "X"}).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    client.force_login(administrator)
    assert client.get(reverse("admin:news_section_change", args=[section.pk])).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200


def test_editor_cannot_manage_accounts(client, editor):
    """Editors publish; they do not create accounts or change sections."""
    client.force_login(editor)
    assert client.get(reverse("admin:auth_user_add")).status_code == 403
    section = make_section(name="Thời sự")
    client.post(reverse("admin:news_section_change", args=[section.pk]), {"name": "Đổi tên", "menu_order": 1})
    section.refresh_from_db()
    assert section.name == "Thời sự"


def test_full_round_submit_return_resubmit_publish(client, reporter, editor):
    """Reporter submits, editor returns with a note, reporter fixes and resubmits, editor publishes."""
    article = draft_by(reporter, title="Bài qua quy trình")
    client.force_login(reporter)
    assert move(client, article, "submit").status_code == 302
    article.refresh_from_db()
    assert article.status == Status.REVIEW

    client.force_login(editor)
    data = article_data(article.section, article, transition="return", review_note="Bổ sung tên đại biểu.")
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.RETURNED and article.review_note == "Bổ sung tên đại biểu."

    client.force_login(reporter)
    page = client.get(change_url(article)).content.decode()
    assert "Bổ sung tên đại biểu." in page
    data = article_data(article.section, article, body="<p>Đã bổ sung.</p>", transition="submit")
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.REVIEW and article.body == "<p>Đã bổ sung.</p>"

    client.force_login(editor)
    assert move(client, article, "publish").status_code == 302
    article.refresh_from_db()
    assert article.is_published()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_editor_return_without_note_is_a_form_error(client, reporter, editor):
    """Returning without a note comes back with a Vietnamese error on the note and the text intact."""
    article = draft_by(reporter, Status.REVIEW)
    client.force_login(editor)
    data = article_data(article.section, article, body="<p>Biên tập viên đã sửa câu này.</p>", transition="return")
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hãy ghi rõ tác giả cần sửa gì" in page
    assert "Biên tập viên đã sửa câu này." in page
    article.refresh_from_db()
    assert article.status == Status.REVIEW


def test_editor_unpublishes_and_readers_lose_the_article(client, editor):
    """Unpublishing takes the article off the site at once."""
    article = make_article()
    client.force_login(editor)
    assert move(client, article, "unpublish").status_code == 302
    article.refresh_from_db()
    assert article.status == Status.UNPUBLISHED
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_scheduled_article_appears_by_itself(client, editor, reporter):
    """Published with a future time, the article is 'Hẹn giờ' in the list and appears when its time comes."""
    article = draft_by(reporter, Status.REVIEW, title="Bài hẹn giờ đăng")
    when = timezone.localtime() + timedelta(days=1)
    client.force_login(editor)
    data = article_data(
        article.section,
        article,
        published_at_0=when.strftime("%Y-%m-%d"),
        published_at_1=when.strftime("%H:%M:00"),
        transition="publish",
    )
    response = client.post(change_url(article), data, follow=True)
    assert "Bài viết đã được hẹn giờ" in response.content.decode()
    article.refresh_from_db()
    assert article.is_scheduled()
    listing = client.get(reverse("admin:news_article_changelist") + "?state=scheduled").content.decode()
    assert "Bài hẹn giờ đăng" in listing and "Hẹn giờ" in listing
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(when + timedelta(minutes=1)):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_reporter_sees_only_the_buttons_of_their_role(client, reporter, editor):
    """The change page offers a reporter 'Gửi duyệt' only; an editor also gets 'Xuất bản'."""
    article = draft_by(reporter)
    client.force_login(reporter)
    page = client.get(change_url(article)).content.decode()
    assert 'value="submit"' in page and 'value="publish"' not in page
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert 'value="submit"' in page and 'value="publish"' in page
