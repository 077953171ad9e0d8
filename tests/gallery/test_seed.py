"""The demo command: real photos with renditions, a real video when ffmpeg is here; run twice, the same rows."""

import pytest
from django.core.management import call_command

from gallery.models import Album, AlbumPhoto, Video

from .conftest import needs_ffmpeg

pytestmark = [pytest.mark.django_db, needs_ffmpeg]


def test_seed_gallery_is_idempotent_and_makes_a_playable_video(client):
    call_command("seed_gallery", verbosity=0)
    call_command("seed_gallery", verbosity=0)
    assert Album.objects.count() == 2 and AlbumPhoto.objects.count() == 6 and Video.objects.count() == 1
    video = Video.objects.get()
    assert video.kind == "mp4" and video.poster and video.duration > 5
    assert client.get("/video/").status_code == 200
    assert client.get(video.file_url(), HTTP_RANGE="bytes=0-99").status_code == 206
