"""Demo albums and a video: real photos drawn with Pillow, a short real video made by ffmpeg when
it is installed. Idempotent: an album or video already there (by its slug) is left as it is."""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from PIL import Image, ImageDraw

from gallery.models import Album, AlbumPhoto, Video
from gallery.videos import probe_video

ALBUMS = {
    "Đại hội Đảng bộ quận nhiệm kỳ 2025–2030": ["Toàn cảnh đại hội", "Đại biểu biểu quyết", "Lãnh đạo quận tặng hoa"],
    "Ngày hội Đại đoàn kết toàn dân tộc": [
        "Các khu dân cư giao lưu",
        "Văn nghệ chào mừng",
        "Trao quà gia đình chính sách",
    ],
}
COLOURS = [(170, 30, 35), (30, 90, 150), (40, 120, 60), (200, 140, 20)]


def drawn_photo(n, caption):
    img = Image.new("RGB", (1280, 853), COLOURS[n % len(COLOURS)])
    draw = ImageDraw.Draw(img)
    for i in range(0, 1280, 80):
        draw.line([(i, 0), (1280 - i, 853)], fill=(255, 255, 255), width=3)
    draw.text((40, 780), caption, fill=(255, 255, 255))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return ContentFile(out.getvalue(), name=f"anh-{n}.jpg")


class Command(BaseCommand):
    help = "Create the demo photo albums and a demo video (ffmpeg makes it when present)."

    @transaction.atomic
    def handle(self, *args, **options):
        for title, captions in ALBUMS.items():
            if Album.objects.filter(title=title).exists():
                continue
            album = Album.objects.create(title=title, description=f"Hình ảnh: {title}.", is_published=True)
            for n, caption in enumerate(captions):
                AlbumPhoto.objects.create(
                    album=album, image=drawn_photo(n, caption), caption=caption, credit="Ban Tuyên giáo", order=n
                )
        self.seed_video()
        self.stdout.write(self.style.SUCCESS("Gallery demo content ready."))

    def seed_video(self):
        title = "Lễ ra quân hưởng ứng Ngày Môi trường"
        ffmpeg = shutil.which("ffmpeg")
        if Video.objects.filter(title=title).exists() or ffmpeg is None:
            return
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "video.mp4"
            subprocess.run(
                [ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25:duration=6",
                 "-f", "lavfi", "-i", "sine=frequency=440:duration=6", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                 "-c:a", "aac", "-movflags", "+faststart", "-shortest", str(target)],
                check=True,
            )  # fmt: skip
            data = target.read_bytes()
        upload = ContentFile(data, name="le-ra-quan.mp4")
        probed = probe_video(upload, with_poster=True)
        video = Video(
            title=title, description="Video minh họa.", is_published=True, kind=probed["kind"],
            duration=probed["duration"], width=probed["width"], height=probed["height"], file_size=len(data),
        )  # fmt: skip
        video.file.save("le-ra-quan.mp4", upload, save=False)
        if probed["poster"] is not None:
            video.poster.save("le-ra-quan.jpg", probed["poster"], save=False)
        video.save()
