import shutil
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from gallery.models import Album, AlbumPhoto, Video
from gallery.videos import probe_video
from tests.factories import image_file

FFMPEG = shutil.which("ffmpeg")
needs_ffmpeg = pytest.mark.skipif(FFMPEG is None, reason="ffmpeg is not installed")


def make_video_bytes(tmp_path, ext="mp4", codec="libx264", seconds=2):
    """A real short video made by ffmpeg (a test pattern with a tone)."""
    target = tmp_path / f"clip.{ext}"
    audio = {"mp4": ["-c:a", "aac"], "webm": ["-c:a", "libopus"]}.get(ext, ["-c:a", "mp3"])
    subprocess.run(
        [
            FFMPEG,
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc=size=320x180:rate=15:duration={seconds}",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:duration={seconds}",
            "-c:v",
            codec,
            "-pix_fmt",
            "yuv420p",
            *audio,
            "-shortest",
            str(target),
        ],
        check=True,
    )
    return target.read_bytes()


def make_album(title="Đại hội Đảng bộ quận", photos=2, published=True, **kwargs):
    album = Album.objects.create(title=title, is_published=published, **kwargs)
    for n in range(photos):
        AlbumPhoto.objects.create(
            album=album,
            image=ContentFile(image_file(900, 600).read(), name=f"p{n}.jpg"),
            caption=f"Ảnh {n + 1}",
            credit="Minh Anh",
            order=n,
        )
    return album


def make_video(tmp_path, title="Lễ ra quân", published=True, **kwargs):
    data = make_video_bytes(tmp_path)
    upload = SimpleUploadedFile("clip.mp4", data, content_type="video/mp4")
    probed = probe_video(upload)
    return Video.objects.create(
        title=title,
        is_published=published,
        file=ContentFile(data, name="clip.mp4"),
        kind=probed["kind"],
        duration=probed["duration"],
        width=probed["width"],
        height=probed["height"],
        file_size=len(data),
        **kwargs,
    )
