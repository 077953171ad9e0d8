"""Bad input in the article form: Vietnamese errors, the editor's text kept, never a 500; photos checked."""

import io
import struct
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image

from news.models import Article, Photo
from tests.factories import make_article, make_section, make_user
from tests.newsroom import add_url, article_data, change_url, management, upload

pytestmark = pytest.mark.django_db

BODY = "<p>Đoạn văn biên tập viên vừa gõ, không được mất.</p>"
TITLE = "Tiêu đề biên tập viên vừa gõ"


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("bientap", "editor"))
    return client


def png_header(width, height):
    """A PNG that claims `width` × `height` pixels in a few bytes: what a decompression bomb looks like."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def camera_jpeg(width=64, height=48):
    """A JPEG as a phone takes it: rotated by an EXIF tag and carrying its GPS position."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # the camera was held upright: turn 90°
    exif[ExifTags.Base.Make] = "Điện thoại"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (21.0, 1.0, 2.0)})
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def assert_kept_and_refused(response, *texts):
    """The form came back (not saved, not a 500) with the editor's text in it."""
    assert response.status_code == 200
    page = response.content.decode()
    assert TITLE in page
    assert "Đoạn văn biên tập viên vừa gõ, không được mất." in page  # inside the editor's textarea, escaped
    for text in texts:
        assert text in page, text
    assert not Article.objects.filter(title=TITLE).exclude(slug="trung-duong-dan").exists()
    return page


def test_duplicate_slug_is_a_form_error(editor_client):
    """An address already used by another article is refused in Vietnamese, the text kept."""
    make_article(slug="trung-duong-dan")
    data = article_data(make_section(), title=TITLE, body=BODY, slug="trung-duong-dan")
    assert_kept_and_refused(editor_client.post(add_url(), data), "Bài viết có Đường dẫn đã tồn tại.")


def test_missing_section_is_a_form_error(editor_client):
    """An article without a section is refused: 'Trường này là bắt buộc.'"""
    data = {**article_data(make_section(), title=TITLE, body=BODY), "section": ""}
    assert_kept_and_refused(editor_client.post(add_url(), data), "Trường này là bắt buộc.")


def test_unknown_section_is_a_form_error(editor_client):
    """A crafted section id that does not exist is a form error, not a 500."""
    data = {**article_data(make_section(), title=TITLE, body=BODY), "section": "999999"}
    assert_kept_and_refused(editor_client.post(add_url(), data), "Hãy chọn một lựa chọn hợp lệ.")


def test_bad_slug_is_a_form_error(editor_client):
    """A slug with spaces or accents is refused in Vietnamese."""
    data = article_data(make_section(), title=TITLE, body=BODY, slug="đường dẫn có dấu")
    assert_kept_and_refused(editor_client.post(add_url(), data), "Hãy nhập “đường dẫn”")


def test_bad_publication_time_is_a_form_error(editor_client):
    """A publication date that is not a date is refused in Vietnamese."""
    data = article_data(make_section(), title=TITLE, body=BODY, published_at_0="31/02/2026", published_at_1="25:99")
    assert_kept_and_refused(editor_client.post(add_url(), data), "hợp lệ")


def test_text_file_as_cover_is_a_form_error(editor_client):
    """A text file named .jpg is refused as a cover: the check is on the content, not the name."""
    not_an_image = upload("anh.jpg", content=b"khong phai anh")
    data = article_data(make_section(), title=TITLE, body=BODY, cover_image=not_an_image)
    assert_kept_and_refused(editor_client.post(add_url(), data), "Tệp tải lên không phải là ảnh hợp lệ.")


def test_oversized_cover_is_a_form_error(editor_client, settings):
    """A file over the size limit is refused and says so."""
    settings.PORTAL_MAX_IMAGE_BYTES = 2000
    data = article_data(make_section(), title=TITLE, body=BODY, cover_image=upload("lon.jpg", 800, 800))
    assert_kept_and_refused(editor_client.post(add_url(), data), "Ảnh quá lớn")


@pytest.mark.parametrize("size", [(9000, 9000), (30000, 30000)], ids=["81-megapixels", "900-megapixels"])
def test_decompression_bomb_is_a_form_error(editor_client, size):
    """A small file claiming tens or hundreds of megapixels is refused before it is decoded."""
    bomb = upload("bom.png", content=png_header(*size))
    data = article_data(make_section(), title=TITLE, body=BODY, cover_image=bomb)
    assert_kept_and_refused(editor_client.post(add_url(), data), "Ảnh có kích thước điểm ảnh quá lớn.")


def test_non_image_photo_in_the_inline_is_a_form_error(editor_client):
    """A PDF dropped into the photos inline is refused there, the article's text kept."""
    data = article_data(make_section(), title=TITLE, body=BODY)
    data.update(management("photos", total=1))
    data.update({"photos-0-image": upload("tai-lieu.jpg", content=b"%PDF-1.4 ..."), "photos-0-caption": "Chú thích"})
    assert_kept_and_refused(editor_client.post(add_url(), data), "Tệp tải lên không phải là ảnh hợp lệ.")
    assert not Photo.objects.exists()


def test_tampered_inline_management_data_is_not_a_500(editor_client):
    """A POST without the inline management fields comes back as an error, not a crash."""
    data = {k: v for k, v in article_data(make_section(), title=TITLE, body=BODY).items() if "FORMS" not in k}
    response = editor_client.post(add_url(), data)
    assert response.status_code == 200
    assert not Article.objects.filter(title=TITLE).exists()


def test_photos_are_cleaned_ordered_and_rendered(editor_client):
    """Photos uploaded in the inline lose EXIF and GPS, are turned upright, and get their renditions."""
    article = make_article(title="Bài có ảnh")
    data = article_data(article.section, article)
    data.update(management("photos", total=2))
    data.update(
        {
            "photos-0-image": upload("dien-thoai.jpg", content=camera_jpeg(640, 480)),
            "photos-0-caption": "Ảnh thứ hai",
            "photos-0-credit": "Huyền Anh",
            "photos-0-order": "2",
            "photos-1-image": upload("thu-nhat.png", 400, 300, fmt="PNG"),
            "photos-1-caption": "Ảnh thứ nhất",
            "photos-1-order": "1",
        }
    )
    assert editor_client.post(change_url(article), data).status_code == 302
    first, second = article.photos.order_by("order")
    assert [first.caption, second.caption] == ["Ảnh thứ nhất", "Ảnh thứ hai"]
    with second.image.open("rb") as fh, Image.open(fh) as img:
        assert img.size == (480, 640)  # EXIF orientation applied
        exif = img.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo) and ExifTags.Base.Make not in exif
    assert second.width == 480 and second.height == 640
    assert "-w320.webp" in second.srcset("webp")
    page = editor_client.get(article.get_absolute_url()).content.decode()
    assert page.index("Ảnh thứ nhất") < page.index("Ảnh thứ hai")


def test_changelist_survives_a_bad_filter_value(editor_client):
    """A crafted filter value in the list's address is not a 500."""
    make_article()
    response = editor_client.get(reverse("admin:news_article_changelist") + "?state=%27%3B--&section__id__exact=abc")
    assert response.status_code in (200, 302)


def test_dates_are_typed_day_first(editor_client):
    """01/12/2030 means 1 December, as Vietnamese write it, not 12 January."""
    article = make_article(status=Article.Status.REVIEW, published_at=None)
    data = article_data(
        article.section, article, published_at_0="01/12/2030", published_at_1="08:00", transition="publish"
    )
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    local = timezone.localtime(article.published_at)
    assert (local.day, local.month, local.year, local.hour) == (1, 12, 2030, 8)
