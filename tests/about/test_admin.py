"""The introduction in the newsroom's admin: who may change what, photos checked by content, history."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from about.models import AgencyLink, IntroPage, Leader
from tests.factories import make_agency_link, make_intro_page, make_leader, make_user
from tests.newsroom import upload

pytestmark = pytest.mark.django_db

MODELS = ["intropage", "leader", "department", "englishpage", "agencylink"]


def leader_data(**fields):
    data = {
        "name": "Trần Minh Khoa",
        "title": "Bí thư Quận ủy",
        "title_en": "Secretary",
        "group": Leader.Group.STANDING,
        "duties": "<p>Phụ trách chung.</p>",
        "office_phone": "024 3825 0101",
        "office_email": "vanphong@quanuy.example.vn",
        "order": "1",
        "is_shown": "on",
    }
    data.update(fields)
    return data


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_and_administrators_change_the_introduction(client, role):
    """Biên tập viên and Quản trị may add, change and delete every part of the introduction."""
    user = make_user(f"u-{role}", role)
    for model in MODELS:
        assert all(user.has_perm(f"about.{action}_{model}") for action in ("add", "change", "delete", "view"))
    client.force_login(user)
    assert client.get(reverse("admin:about_leader_add")).status_code == 200
    response = client.post(reverse("admin:about_leader_add"), leader_data())
    assert response.status_code == 302
    assert Leader.objects.get().name == "Trần Minh Khoa"


def test_reporters_only_look(client):
    """A Phóng viên sees the introduction's lists but cannot change or add anything."""
    reporter = make_user("phongvien", "reporter")
    leader = make_leader("Trần Minh Khoa")
    client.force_login(reporter)
    assert client.get(reverse("admin:about_leader_changelist")).status_code == 200
    assert client.get(reverse("admin:about_leader_add")).status_code == 403
    url = reverse("admin:about_leader_change", args=[leader.pk])
    assert client.get(url).status_code == 200  # read-only view
    client.post(url, leader_data(name="Đã sửa"))
    leader.refresh_from_db()
    assert leader.name == "Trần Minh Khoa"
    assert not reporter.has_perm("about.change_agencylink")


def test_staff_without_a_role_cannot_open_it(client):
    """A staff account in no group gets 403 on the introduction's admin."""
    client.force_login(make_user("khach"))
    assert client.get(reverse("admin:about_intropage_changelist")).status_code == 403


def test_leader_photo_is_checked_by_content_and_gets_renditions(client):
    """A photo is accepted for what it is (a real image) and re-encoded; a script named .jpg is refused."""
    client.force_login(make_user("bientap", "editor"))
    bad = client.post(
        reverse("admin:about_leader_add"), leader_data(photo=upload("anh.jpg", content=b"<script>alert(1)</script>"))
    )
    assert bad.status_code == 200
    assert "photo" in bad.context["adminform"].form.errors
    assert not Leader.objects.exists()
    good = client.post(reverse("admin:about_leader_add"), leader_data(photo=upload("CHAN-DUNG.JPG", 600, 800)))
    assert good.status_code == 302
    leader = Leader.objects.get()
    assert (leader.image_width, leader.image_height) == (600, 800)
    assert leader.image_srcset("webp") == "/media/renditions/about/leaders/CHAN-DUNG-w320.webp 320w"
    assert default_storage.exists("renditions/about/leaders/CHAN-DUNG-w320.jpg")


def test_page_body_is_sanitized_and_an_image_needs_its_alt(client):
    """A page's rich text is cleaned on save; an image without alternative text is refused with a message."""
    client.force_login(make_user("bientap", "editor"))
    data = {
        "title": "Sơ đồ tổ chức",
        "slug": "",
        "summary": "",
        "body": '<p onclick="x()">Sơ đồ</p><script>alert(1)</script>',
        "image_alt": "",
        "image_text": "<ul><li>Ban Chấp hành</li></ul>",
        "order": "1",
        "status": IntroPage.Status.PUBLISHED,
    }
    refused = client.post(reverse("admin:about_intropage_add"), {**data, "image": upload("so-do.png", fmt="PNG")})
    assert refused.status_code == 200
    assert "Hình ảnh cần có văn bản thay thế." in refused.content.decode()
    data["image_alt"] = "Sơ đồ tổ chức Đảng bộ quận"
    response = client.post(reverse("admin:about_intropage_add"), {**data, "image": upload("so-do.png", fmt="PNG")})
    assert response.status_code == 302
    page = IntroPage.objects.get()
    assert page.body == "<p>Sơ đồ</p>"
    assert page.slug == "so-do-to-chuc"


def test_reserved_slug_is_refused_in_the_form(client):
    """An editor typing the leaders page's address as a slug is told to pick another."""
    client.force_login(make_user("bientap", "editor"))
    response = client.post(
        reverse("admin:about_intropage_add"),
        {"title": "Lãnh đạo", "slug": "lanh-dao", "order": "1", "status": "published"},
    )
    assert response.status_code == 200
    assert "Địa chỉ này thuộc một trang khác" in response.content.decode()


def test_javascript_link_is_refused_in_the_admin(client):
    """The link form refuses a javascript: address with a Vietnamese message and keeps nothing."""
    client.force_login(make_user("bientap", "editor"))
    data = {"name": "Độc hại", "url": "javascript:alert(1)", "group": "city", "order": "1", "is_shown": "on"}
    response = client.post(reverse("admin:about_agencylink_add"), data)
    assert response.status_code == 200
    assert "url" in response.context["adminform"].form.errors
    assert not AgencyLink.objects.exists()
    data["url"] = "https://hanoi.gov.vn"
    assert client.post(reverse("admin:about_agencylink_add"), data).status_code == 302


def test_pages_and_leaders_keep_their_history(client):
    """Each save of a page or a leader is a version the admin's history lists."""
    page = make_intro_page("Lịch sử Đảng bộ quận")
    page.body = "<p>Bản sửa.</p>"
    page.save()
    leader = make_leader("Trần Minh Khoa")
    leader.title = "Bí thư Quận ủy"
    leader.save()
    assert page.history.count() == 2 and leader.history.count() == 2
    client.force_login(make_user("bientap", "editor"))
    assert client.get(reverse("admin:about_intropage_history", args=[page.pk])).status_code == 200


def test_english_page_list_opens_the_one_page(client):
    """Opening "Trang tiếng Anh" in the admin goes to its one row (or to adding it)."""
    client.force_login(make_user("bientap", "editor"))
    assert client.get(reverse("admin:about_englishpage_changelist")).url == reverse("admin:about_englishpage_add")
    make_agency_link()  # unrelated rows do not matter
    from about.models import EnglishPage

    EnglishPage.objects.create()
    assert client.get(reverse("admin:about_englishpage_changelist")).url == reverse(
        "admin:about_englishpage_change", args=[1]
    )
