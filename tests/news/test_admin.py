"""The editors' admin: Vietnamese, branded, with the lists, filters and start page editors work from."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import Article, DailyViews, SiteSettings
from tests.factories import make_article, make_section, make_user
from tests.newsroom import add_url, change_url

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("bientap", "editor"))
    return client


def changelist(client, query=""):
    return client.get(reverse("admin:news_article_changelist") + query).content.decode()


# Vietnamese, and the portal's own name


def test_login_page_is_vietnamese_and_branded(client):
    """The login page speaks Vietnamese and carries the portal's name from the site settings."""
    SiteSettings.objects.update_or_create(pk=1, defaults={"name": "Cổng thông tin Quận ủy Hòa Bình"})
    page = client.get(reverse("admin:login")).content.decode()
    assert "Cổng thông tin Quận ủy Hòa Bình" in page
    assert "Đăng nhập" in page and "Mật khẩu" in page


def test_renaming_the_portal_renames_the_admin(editor_client):
    """An administrator's new portal name shows in the admin header and the tab title at once."""
    site = SiteSettings.load()
    site.name, site.short_name = "Cổng thông tin điện tử Quận ủy Tân Thành", "Quận ủy Tân Thành"
    site.save()
    page = editor_client.get(reverse("admin:index")).content.decode()
    assert "Cổng thông tin điện tử Quận ủy Tân Thành" in page
    assert "| Quận ủy Tân Thành</title>" in page


def test_article_pages_are_in_vietnamese(editor_client):
    """The list and the form label everything in Vietnamese, including the workflow's parts."""
    article = make_article()
    listing = changelist(editor_client)
    assert "bài viết để thay đổi" in listing
    assert "tình trạng" in listing.lower() and "Tìm kiếm" in listing
    form = editor_client.get(change_url(article)).content.decode()
    for label in ("Tiêu đề", "Chuyên mục", "Sapo", "Ảnh đại diện", "Xuất bản", "Lịch sử", "Gỡ bài", "Xem trước"):
        assert label in form, label


# Lists and filters


def test_list_shows_the_columns_editors_scan(editor_client):
    """Title, cover thumbnail, section, state, time, views and authors appear in the list."""
    section = make_section(name="Xây dựng Đảng")
    make_article(section=section, title="Hội nghị Ban Chấp hành", cover=True, authors=("Huyền Anh", "Minh Đức"))
    page = changelist(editor_client)
    assert "Hội nghị Ban Chấp hành" in page and "Xây dựng Đảng" in page
    assert "Huyền Anh, Minh Đức" in page
    assert 'class="newsroom-thumb" src="/media/renditions/covers/' in page and '-w320.jpg"' in page
    assert ">Đã xuất bản<" in page
    assert "Bạn đọc xem được" in page  # the is_published column


def test_scheduled_article_shows_as_scheduled(editor_client):
    """A published article whose time is ahead shows 'Hẹn giờ', not as published."""
    make_article(title="Bài sắp đăng", days=-2)
    page = changelist(editor_client, "?state=scheduled")
    assert "Bài sắp đăng" in page
    assert "newsroom-state-scheduled" in page and ">Hẹn giờ<" in page


def test_state_filter_separates_live_and_scheduled(editor_client):
    """'Published' lists what readers see now; 'Scheduled' what they will see later."""
    make_article(title="Bài đang hiển thị")
    make_article(title="Bài hẹn giờ", days=-1)
    make_article(title="Bài nháp", status=Status.DRAFT, published_at=None)
    live = changelist(editor_client, "?state=published")
    assert "Bài đang hiển thị" in live and "Bài hẹn giờ" not in live and "Bài nháp" not in live
    drafts = changelist(editor_client, "?state=draft")
    assert "Bài nháp" in drafts and "Bài đang hiển thị" not in drafts


def test_section_and_featured_filters(editor_client):
    """Filtering by section or by the featured flag narrows the list."""
    economy, party = make_section(name="Kinh tế"), make_section(name="Đảng bộ")
    make_article(section=economy, title="Tin kinh tế", is_featured=True)
    make_article(section=party, title="Tin đảng bộ")
    page = changelist(editor_client, f"?section__id__exact={economy.pk}")
    assert "Tin kinh tế" in page and "Tin đảng bộ" not in page
    page = changelist(editor_client, "?is_featured__exact=1")
    assert "Tin kinh tế" in page and "Tin đảng bộ" not in page


def test_search_finds_words_without_diacritics(editor_client):
    """Searching 'dai hoi dang bo' finds 'Đại hội Đảng bộ'."""
    make_article(title="Đại hội Đảng bộ phường Hòa Bình")
    make_article(title="Lễ ra quân mùa hè xanh")
    page = changelist(editor_client, "?q=dai+hoi+dang+bo")
    assert "Đại hội Đảng bộ phường Hòa Bình" in page and "Lễ ra quân" not in page


def test_list_has_a_date_hierarchy(editor_client):
    """The list can be narrowed by year and month of publication."""
    make_article(published_at=timezone.now() - timedelta(days=400))
    assert "published_at__year=" in changelist(editor_client)


def test_list_queries_do_not_grow_with_articles(editor_client):
    """Showing 3 or 15 articles with covers and authors costs the same number of queries."""
    section = make_section()
    for _ in range(3):
        make_article(section=section, cover=True, authors=("Huyền Anh", "Minh Đức"))
    changelist(editor_client)  # warm the site settings cache
    with CaptureQueriesContext(connection) as few:
        changelist(editor_client)
    for _ in range(12):
        make_article(section=section, cover=True, authors=("Huyền Anh", "Minh Đức"))
    with CaptureQueriesContext(connection) as many:
        changelist(editor_client)
    assert len(many) == len(few)


def test_new_article_proposes_the_default_source_unit(editor_client):
    """A new article's source unit starts as the one in the site settings."""
    site = SiteSettings.load()
    site.default_source_unit = "Văn phòng Quận ủy"
    site.save()
    assert 'value="Văn phòng Quận ủy"' in editor_client.get(add_url()).content.decode()


def test_body_uses_ckeditor_with_the_newsroom_upload(editor_client):
    """The body field is a CKEditor 5 editor whose images go to the newsroom's checked upload view."""
    page = editor_client.get(add_url()).content.decode()
    assert 'class="django_ckeditor_5"' in page
    assert f'data-upload-url="{reverse("admin:news_article_upload_image")}"' in page


# The singleton site settings


def test_site_settings_is_one_row(client):
    """The site settings list opens the single row; it can be neither added twice nor deleted."""
    client.force_login(make_user("quantri", "admin"))
    SiteSettings.load()
    response = client.get(reverse("admin:news_sitesettings_changelist"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:news_sitesettings_change", args=[1])
    assert client.get(reverse("admin:news_sitesettings_add")).status_code == 403
    assert client.post(reverse("admin:news_sitesettings_delete", args=[1]), {"post": "yes"}).status_code == 403
    assert SiteSettings.objects.count() == 1


def test_editors_cannot_change_site_settings(editor_client):
    """The portal's identity is for administrators."""
    SiteSettings.load()
    assert editor_client.get(reverse("admin:news_sitesettings_changelist")).status_code == 403


# The editors' start page


def test_start_page_counts_what_waits(editor_client):
    """The start page counts drafts, returned, awaiting review and scheduled articles."""
    for _ in range(2):
        make_article(status=Status.DRAFT, published_at=None)
    make_article(status=Status.REVIEW, published_at=None)
    make_article(days=-3)
    make_article()
    response = editor_client.get(reverse("admin:index"))
    counts = {str(item["label"]): item["count"] for item in response.context["newsroom"]["counts"]}
    assert counts == {"Bản nháp": 2, "Trả lại tác giả": 0, "Chờ duyệt": 1, "Hẹn giờ": 1}
    page = response.content.decode()
    assert "Bài viết cần xử lý" in page and "?state=review" in page


def test_reporter_start_page_counts_only_their_articles(client):
    """A reporter's counts are of their own articles."""
    reporter = make_user("phongvien", "reporter")
    make_article(status=Status.DRAFT, published_at=None, created_by=reporter)
    make_article(status=Status.DRAFT, published_at=None)
    client.force_login(reporter)
    counts = client.get(reverse("admin:index")).context["newsroom"]["counts"]
    assert [item["count"] for item in counts] == [1, 0, 0, 0]


def test_start_page_shows_most_read_of_the_week(editor_client):
    """The most read articles of the last 7 days are listed, most read first, older views ignored."""
    today = timezone.localdate()
    popular, quiet = make_article(title="Bài đọc nhiều"), make_article(title="Bài ít đọc")
    old = make_article(title="Bài cũ")
    DailyViews.objects.create(article=popular, day=today, views=90)
    DailyViews.objects.create(article=quiet, day=today - timedelta(days=2), views=5)
    DailyViews.objects.create(article=old, day=today - timedelta(days=20), views=500)
    response = editor_client.get(reverse("admin:index"))
    assert [a.title for a in response.context["newsroom"]["most_read"]] == ["Bài đọc nhiều", "Bài ít đọc"]
    assert "90 lượt xem" in response.content.decode()


def test_start_page_lists_latest_changes(editor_client):
    """The latest saved versions are listed with their title, newest first."""
    make_article(title="Bài sửa trước")
    make_article(title="Bài sửa sau")
    changes = editor_client.get(reverse("admin:index")).context["newsroom"]["latest_changes"]
    assert [v.title for v in changes[:2]] == ["Bài sửa sau", "Bài sửa trước"]


def test_start_page_chart_of_daily_views(editor_client):
    """A 30-day bar chart of views is drawn as inline SVG, with no script and no inline style."""
    today = timezone.localdate()
    article = make_article()
    DailyViews.objects.create(article=article, day=today, views=40)
    DailyViews.objects.create(article=article, day=today - timedelta(days=1), views=10)
    DailyViews.objects.create(article=article, day=today - timedelta(days=45), views=999)
    response = editor_client.get(reverse("admin:index"))
    chart = response.context["newsroom"]["chart"]
    assert len(chart["bars"]) == 30 and chart["total"] == 50 and chart["peak"] == 40
    assert [bar["height"] for bar in chart["bars"][-2:]] == [35, chart["height"]]
    page = response.content.decode()
    dashboard = page[page.index('id="newsroom"') : page.index('id="content-main"')]
    assert dashboard.count("<rect ") == 30
    assert f"{today:%d/%m/%Y}: 40" in dashboard
    assert "<script" not in dashboard and "style=" not in dashboard


def test_start_page_without_views_or_articles(editor_client):
    """An empty newsroom still gets its start page, with zeros and friendly messages."""
    response = editor_client.get(reverse("admin:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Chưa có lượt xem nào trong 7 ngày qua." in page and "Chưa có thay đổi nào." in page


def test_staff_without_newsroom_rights_get_no_dashboard(client):
    """A staff account with no role sees no article figures."""
    client.force_login(make_user("khach", None))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200 and "newsroom" not in response.context


def test_calendar_speaks_vietnamese_and_writes_day_first(editor_client):
    """The date picker's day names are Vietnamese and it fills dates as day/month/year."""
    script = editor_client.get(reverse("admin:jsi18n")).content.decode()
    assert json.dumps("Thứ hai")[1:-1] in script
    formats = re.search(r'"DATE_INPUT_FORMATS": \[\s*"([^"]+)"', script)
    assert formats[1] == "%d/%m/%Y"
