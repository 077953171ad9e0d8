"""Versions: every save is kept (who, when, what changed), can be compared and restored."""

import pytest
from django.urls import reverse

from news.admin import ArticleAdmin
from news.forms import ArticleAdminForm
from news.models import Article, ArticleAuthor, Author, Section
from news.view_counts import record_view
from tests.factories import make_article, make_section, make_user
from tests.newsroom import article_data, change_url, form_data

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture
def editor():
    return make_user("bientap", "editor")


def history_url(article):
    return reverse("admin:news_article_history", args=[article.pk])


def version_url(article, version):
    return reverse("admin:news_article_simple_history", args=[article.pk, version.history_id])


def edit(client, article, **fields):
    response = client.post(change_url(article), article_data(article.section, article, **fields))
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    return response


def test_each_admin_save_is_a_version_with_its_author(client, editor):
    """Saving twice in the admin leaves two more versions, each saying who saved it."""
    article = make_article(title="Phiên bản đầu")
    before = article.history.count()
    client.force_login(editor)
    edit(client, article, title="Phiên bản hai")
    edit(client, article, title="Phiên bản ba")
    versions = list(article.history.all()[:2])
    assert article.history.count() == before + 2
    assert [v.title for v in versions] == ["Phiên bản ba", "Phiên bản hai"]
    assert all(v.history_user == editor for v in versions)


def test_history_page_compares_each_version_with_the_one_before(client, editor):
    """The history page shows who changed what: the old and new title side by side, in Vietnamese."""
    article = make_article(title="Tiêu đề cũ của bài")
    client.force_login(editor)
    edit(client, article, title="Tiêu đề mới của bài")
    page = client.get(history_url(article)).content.decode()
    assert "Người thay đổi" in page and "Thay đổi" in page and "bientap" in page
    assert "<del>Tiêu đề cũ của bài</del>" in page and "<ins>Tiêu đề mới của bài</ins>" in page


def test_version_keeps_the_byline_saved_with_it(client, editor):
    """A version made in the admin holds the authors the inline saved with it, not those before."""
    article = make_article(authors=("Huyền Anh",))
    client.force_login(editor)
    edit(client, article, authors=[Author.objects.create(name="Minh Đức")])
    latest = article.history.first()
    assert sorted(link.author.name for link in latest.authors.all()) == ["Huyền Anh", "Minh Đức"]


def test_restore_brings_back_content_and_authors(client, editor):
    """Restoring an old version brings back its title, body, lead, section and authors."""
    old_section = make_section(name="Xây dựng Đảng")
    article = make_article(
        section=old_section, title="Bài gốc", body="<p>Nội dung gốc.</p>", authors=("Huyền Anh", "Minh Đức")
    )
    client.force_login(editor)
    edit(client, article, title="Bài gốc")  # a version made in the admin, byline included
    original = article.history.first()
    new_section = make_section(name="Kinh tế")
    data = article_data(new_section, article, title="Bài đã sửa", body="<p>Nội dung mới.</p>", lead="Sapo mới.")
    data["articleauthor_set-1-DELETE"] = "on"  # drop the second author
    assert client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.title == "Bài đã sửa" and article.section == new_section
    assert [a.name for a in article.authors.order_by("articleauthor__order")] == ["Huyền Anh"]

    page = client.get(version_url(article, original))
    assert page.status_code == 200
    assert "Bài gốc" in page.content.decode()
    response = client.post(version_url(article, original), form_data(page))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Bài gốc"
    assert article.body == "<p>Nội dung gốc.</p>"
    assert article.section == old_section
    assert [link.author.name for link in ArticleAuthor.objects.filter(article=article).order_by("order")] == [
        "Huyền Anh",
        "Minh Đức",
    ]
    restored = article.history.first()
    assert restored.history_change_reason.startswith("Khôi phục phiên bản lúc")
    assert sorted(link.author.name for link in restored.authors.all()) == ["Huyền Anh", "Minh Đức"]


def test_restore_keeps_the_article_where_it_is_in_the_workflow(client, editor):
    """Restoring a draft version of a published article neither unpublishes nor re-dates it."""
    reporter = make_user("phongvien", "reporter")
    article = make_article(status=Status.DRAFT, published_at=None, created_by=reporter, title="Bản nháp")
    draft_version = article.history.first()
    client.force_login(editor)
    edit(client, article, title="Bản đã đăng", transition="publish", is_featured="on")
    published_at = article.published_at
    page = client.get(version_url(article, draft_version))
    assert client.post(version_url(article, draft_version), form_data(page)).status_code == 302
    article.refresh_from_db()
    assert article.title == "Bản nháp"
    assert article.status == Status.PUBLISHED and article.published_at == published_at and article.is_featured


def test_restore_does_not_lose_views(client, editor):
    """Views counted before a restore are still there after it."""
    article = make_article(title="Bài được đọc")
    first = article.history.first()
    record_view(article.pk)
    record_view(article.pk)
    client.force_login(editor)
    page = client.get(version_url(article, first))
    assert client.post(version_url(article, first), form_data(page)).status_code == 302
    article.refresh_from_db()
    assert article.view_count == 2


def test_counting_views_makes_no_version_and_versions_have_no_counter(editor):
    """A reader's view is not a change: no version is made, and versions carry no view counter."""
    article = make_article()
    before = article.history.count()
    record_view(article.pk)
    assert article.history.count() == before
    assert "view_count" not in {f.name for f in Article.history.model._meta.fields}


def test_saving_in_the_admin_keeps_views_counted_meanwhile(client, editor, monkeypatch):
    """Views counted while an editor's save is under way are not overwritten by it."""
    article = make_article(title="Bài đang được đọc")
    original_clean = ArticleAdminForm.clean

    def clean_while_readers_read(form):
        record_view(article.pk)  # a reader's view lands between loading the article and saving it
        return original_clean(form)

    monkeypatch.setattr(ArticleAdminForm, "clean", clean_while_readers_read)
    client.force_login(editor)
    edit(client, article, title="Bài đã sửa khi đang được đọc")
    assert article.view_count == 1


def test_reporter_cannot_restore_an_article_they_may_not_change(client):
    """A reporter may look at the versions of their submitted article, but posting one back is refused."""
    reporter = make_user("phongvien", "reporter")
    article = make_article(status=Status.DRAFT, published_at=None, created_by=reporter, title="Bản đầu")
    first = article.history.first()
    Article.objects.filter(pk=article.pk).update(status=Status.REVIEW, title="Bản gửi duyệt")
    client.force_login(reporter)
    page = client.get(version_url(article, first))
    assert page.status_code == 200
    assert client.post(version_url(article, first), form_data(page)).status_code == 403
    article.refresh_from_db()
    assert article.title == "Bản gửi duyệt"


def test_reporter_cannot_see_versions_of_others_articles(client):
    """Another reporter's versions are out of reach, as the article is."""
    owner = make_user("phongvien", "reporter")
    article = make_article(status=Status.DRAFT, published_at=None, created_by=owner)
    client.force_login(make_user("phongvien2", "reporter"))
    assert client.get(history_url(article)).status_code in (302, 403, 404)
    assert client.get(version_url(article, article.history.first())).status_code in (403, 404)
    assert client.post(version_url(article, article.history.first()), {"title": "X"}).status_code in (403, 404)


def test_reporter_cannot_publish_through_a_restore(client):
    """A crafted publish button on the restore form of one's own draft is refused."""
    reporter = make_user("phongvien", "reporter")
    article = make_article(status=Status.DRAFT, published_at=None, created_by=reporter)
    version = article.history.first()
    client.force_login(reporter)
    page = client.get(version_url(article, version))
    data = {**form_data(page), "transition": "publish", "status": "published"}
    response = client.post(version_url(article, version), data)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_history_page_escapes_what_editors_typed(client, editor):
    """A title with markup shows as text on the history page, never as HTML."""
    article = make_article(title="Bài <script>alert(1)</script>")
    client.force_login(editor)
    edit(client, article, title="Bài <img src=x onerror=alert(1)>")
    page = client.get(history_url(article)).content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_section_changes_are_versioned_and_restorable(client):
    """An administrator's section rename is kept as a version and can be undone."""
    administrator = make_user("quantri", "admin")
    section = make_section(name="Tin tức sự kiện")
    first = section.history.first()
    client.force_login(administrator)
    url = reverse("admin:news_section_change", args=[section.pk])
    page = client.get(url)
    assert client.post(url, {**form_data(page), "name": "Tin tức"}).status_code == 302
    assert Section.objects.get(pk=section.pk).name == "Tin tức"
    version = reverse("admin:news_section_simple_history", args=[section.pk, first.history_id])
    page = client.get(version)
    assert client.post(version, form_data(page)).status_code == 302
    assert Section.objects.get(pk=section.pk).name == "Tin tức sự kiện"
    assert section.history.first().history_change_reason.startswith("Khôi phục phiên bản lúc")


def test_editor_cannot_restore_a_section_version(client, editor):
    """Editors may look at sections but not change them, so posting a section's old version is refused."""
    section = make_section(name="Tên cũ")
    first = section.history.first()
    Section.objects.filter(pk=section.pk).update(name="Tên mới")
    client.force_login(editor)
    version = reverse("admin:news_section_simple_history", args=[section.pk, first.history_id])
    page = client.get(version)
    assert page.status_code == 200
    assert client.post(version, form_data(page)).status_code == 403
    assert Section.objects.get(pk=section.pk).name == "Tên mới"


def test_versions_admin_is_the_simple_history_admin():
    """The article admin is django-simple-history's, so every version has its page and restore."""
    from simple_history.admin import SimpleHistoryAdmin

    assert issubclass(ArticleAdmin, SimpleHistoryAdmin)
