"""Images inserted into a body through CKEditor 5: staff with article rights only, real images only, cleaned."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from PIL import ExifTags, Image

from tests.factories import make_user
from tests.news.test_admin_forms import camera_jpeg, png_header
from tests.newsroom import upload

pytestmark = pytest.mark.django_db


def upload_url():
    return reverse("admin:news_article_upload_image")


def stored(response):
    url = response.json()["url"]
    return url.removeprefix(default_storage.base_url)


def test_reporter_uploads_a_photo_that_comes_back_clean(client):
    """A reporter's camera photo is stored upright, without EXIF or GPS, at most 1600 px wide."""
    client.force_login(make_user("phongvien", "reporter"))
    response = client.post(upload_url(), {"upload": upload("IMG_2026.JPG", content=camera_jpeg(2400, 1800))})
    assert response.status_code == 200
    name = stored(response)
    assert name.startswith("uploads/") and name.endswith(".jpg") and "IMG_2026" not in name
    with default_storage.open(name, "rb") as fh, Image.open(fh) as img:
        assert img.format == "JPEG"
        assert img.size == (1200, 1600)  # turned upright, then fitted into 1600 px
        exif = img.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo) and ExifTags.Base.Orientation not in exif


def test_png_with_transparency_stays_png(client):
    """A transparent PNG (a logo, a chart) keeps its transparency."""
    client.force_login(make_user("bientap", "editor"))
    out = io.BytesIO()
    Image.new("RGBA", (120, 80), (0, 0, 0, 0)).save(out, "PNG")
    response = client.post(upload_url(), {"upload": upload("bieu-do.png", content=out.getvalue())})
    assert response.status_code == 200 and stored(response).endswith(".png")


def test_anonymous_upload_is_refused(client):
    """Nobody logged in: refused with a Vietnamese message, nothing stored."""
    response = client.post(upload_url(), {"upload": upload()})
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Bạn không có quyền tải ảnh lên."
    assert not default_storage.exists("uploads")


def test_staff_without_article_rights_is_refused(client):
    """A staff account that may not write articles cannot upload."""
    user = make_user("ketoan", None)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)
    assert client.post(upload_url(), {"upload": upload()}).status_code == 403


def test_non_staff_with_permissions_is_refused(client):
    """An account that is not staff is refused even if it carries article permissions."""
    user = make_user("cuu-nhan-vien", "editor", is_staff=False)
    client.force_login(user)
    assert client.post(upload_url(), {"upload": upload()}).status_code == 403


def test_not_an_image_is_refused_by_content(client):
    """An HTML file named .jpg is refused: the content is checked, not the name."""
    client.force_login(make_user("bientap", "editor"))
    response = client.post(upload_url(), {"upload": upload("anh.jpg", content=b"<script>alert(1)</script>")})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Tệp tải lên không phải là ảnh hợp lệ."


def test_svg_is_refused(client):
    """SVG (which can carry script) is not accepted as an image."""
    client.force_login(make_user("bientap", "editor"))
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'
    assert client.post(upload_url(), {"upload": upload("hinh.svg", content=svg)}).status_code == 400


def test_oversized_upload_is_refused(client, settings):
    """A file over the limit is refused with the limit named."""
    settings.PORTAL_MAX_IMAGE_BYTES = 1024 * 1024
    client.force_login(make_user("bientap", "editor"))
    big = upload("lon.bmp", content=b"BM" + b"\0" * (1024 * 1024 + 10))
    response = client.post(upload_url(), {"upload": big})
    assert response.status_code == 400
    assert "Ảnh quá lớn" in response.json()["error"]["message"] and "1 MB" in response.json()["error"]["message"]


def test_decompression_bomb_upload_is_refused(client):
    """A tiny file claiming 900 megapixels is refused without being decoded."""
    client.force_login(make_user("bientap", "editor"))
    response = client.post(upload_url(), {"upload": upload("bom.png", content=png_header(30000, 30000))})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Ảnh có kích thước điểm ảnh quá lớn."


def test_missing_file_is_refused(client):
    """A POST with no file is a 400 with a Vietnamese message."""
    client.force_login(make_user("bientap", "editor"))
    response = client.post(upload_url(), {})
    assert response.status_code == 400 and response.json()["error"]["message"] == "Trường này là bắt buộc."


def test_upload_needs_post_and_csrf():
    """GET is not allowed, and a POST without the CSRF token is refused."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("bientap", "editor"))
    assert client.get(upload_url()).status_code == 405
    assert client.post(upload_url(), {"upload": upload()}).status_code == 403


def test_the_packages_unchecked_upload_view_is_not_reachable(client):
    """django-ckeditor-5's own upload address (no re-encoding, staff-only check) does not exist."""
    client.force_login(make_user("bientap", "editor"))
    assert client.post("/ckeditor5/image_upload/", {"upload": upload()}).status_code == 404
