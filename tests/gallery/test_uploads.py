"""Uploads checked by content: real videos made by ffmpeg, real images by Pillow; refused ones store nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gallery.forms import AlbumPhotoForm, VideoForm
from gallery.models import Video

from .conftest import make_video_bytes, needs_ffmpeg

NOT_WHOLE = "không phải là video MP4 hoặc WebM nguyên vẹn"
pytestmark = [pytest.mark.django_db, needs_ffmpeg]


def video_form(name, data, **extra):
    return VideoForm(
        data={"title": "Lễ ra quân", "slug": "", "published_at": "2026-12-01 08:00", "is_published": "on", **extra},
        files={"file": SimpleUploadedFile(name, data)},
    )


def test_an_mp4_is_accepted_with_its_length_and_a_poster_frame(tmp_path):
    """A real H.264 MP4 is stored with its duration, size and a poster made by ffmpeg."""
    form = video_form("clip.mp4", make_video_bytes(tmp_path))
    assert form.is_valid(), form.errors
    video = form.save()
    assert video.kind == "mp4" and 1.5 < video.duration < 2.5 and video.width == 320
    assert video.poster and Image.open(video.poster.open("rb")).format == "JPEG"


def test_a_webm_is_accepted(tmp_path):
    form = video_form("clip.webm", make_video_bytes(tmp_path, "webm", "libvpx-vp9"))
    assert form.is_valid(), form.errors
    assert form.save().kind == "webm"


@pytest.mark.parametrize(
    "name,make,message",
    [
        ("renamed.mp4", lambda tmp: b"%PDF-1.4 not a video at all" * 100, NOT_WHOLE),
        ("cut.mp4", lambda tmp: make_video_bytes(tmp)[:3000], NOT_WHOLE),
        ("clip.mp4", lambda tmp: make_video_bytes(tmp, "avi", "mpeg4"), "Chỉ nhận video MP4 hoặc WebM"),
        ("clip.mp4", lambda tmp: make_video_bytes(tmp, "mp4", "mpeg4"), "Trình duyệt không phát được"),
    ],
)
def test_bad_videos_are_refused_in_vietnamese_and_nothing_is_stored(tmp_path, settings, name, make, message):
    """A renamed file, a truncated one, another container or another codec: a form error, no row, no file."""
    form = video_form(name, make(tmp_path))
    assert not form.is_valid()
    assert message in str(form.errors["file"])
    assert Video.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "videos").exists()


def test_a_video_over_the_limit_is_refused(tmp_path, settings):
    settings.GALLERY_MAX_VIDEO_MB = 0.001
    form = video_form("clip.mp4", make_video_bytes(tmp_path))
    assert not form.is_valid() and "Video quá lớn" in str(form.errors["file"])


def photo_form(data):
    return AlbumPhotoForm(data={"caption": "Ảnh", "order": 0}, files={"image": SimpleUploadedFile("a.jpg", data)})


def test_images_are_checked_by_pillow():
    """A truncated JPEG, a PDF named .jpg and a decompression bomb are refused."""
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (10, 120, 30)).save(out, "JPEG")
    assert photo_form(out.getvalue()).is_valid()
    assert not photo_form(out.getvalue()[:400]).is_valid()
    assert not photo_form(b"%PDF-1.4\n" * 50).is_valid()
    bomb = io.BytesIO()
    Image.new("1", (12000, 12000)).save(bomb, "PNG")
    form = photo_form(bomb.getvalue())
    assert not form.is_valid() and "hình ảnh" in str(form.errors["image"])
