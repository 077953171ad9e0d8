"""The reader pages: albums, an album, videos, a video, its file by byte ranges, the menu, the cache."""

import re

import pytest

from gallery.models import ArticleMedia
from tests.factories import make_article

from .conftest import make_album, make_video, needs_ffmpeg

pytestmark = pytest.mark.django_db

XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)"]


def test_the_menu_offers_photos_and_video(client):
    page = client.get("/").content.decode()
    assert '<a href="/anh/">Ảnh</a>' in page and '<a href="/video/">Video</a>' in page
    assert '<a href="/anh/" aria-current="page">Ảnh</a>' in client.get("/anh/").content.decode()


def test_the_album_page_shows_photos_in_order_with_captions_credits_and_renditions(client):
    album = make_album(photos=3)
    page = client.get(album.get_absolute_url()).content.decode()
    assert re.findall(r'class="album-caption">([^<]+)<', page) == ["Ảnh 1", "Ảnh 2", "Ảnh 3"]
    assert "Ảnh: Minh Anh" in page and 'type="image/webp"' in page and "-w640.webp 640w" in page
    assert 'sizes="(max-width: 600px) 50vw, 25vw"' in page


def test_unpublished_albums_and_videos_are_not_shown(client, tmp_path):
    album = make_album(published=False)
    assert client.get(album.get_absolute_url()).status_code == 404
    assert album.title not in client.get("/anh/").content.decode()


@pytest.mark.parametrize("count", [1, 8])
def test_the_lists_read_a_constant_number_of_queries(client, django_assert_num_queries, count):
    for n in range(count):
        make_album(title=f"Album {n}", photos=2)
    client.get("/")  # the site's settings and menu, cached for every page
    with django_assert_num_queries(4):  # count, albums with covers, first photos, site settings: for 1 album or 8
        assert client.get("/anh/").status_code == 200


def test_the_page_cache_is_invalidated_by_an_edit(client):
    album = make_album()
    assert "Đại hội" in client.get("/anh/").content.decode()
    album.title = "Hội nghị cán bộ"
    album.save()
    assert "Hội nghị cán bộ" in client.get("/anh/").content.decode()


def test_titles_and_captions_are_escaped(client):
    for text in XSS:
        album = make_album(title=text, description=text, photos=1)
        photo = album.photos.first()
        photo.caption = photo.credit = photo.alt_text = text
        photo.save()
        for url in ("/anh/", album.get_absolute_url()):
            page = client.get(url).content.decode()
            assert "<script>alert(1)</script>" not in page and "<img src=x onerror" not in page


@needs_ffmpeg
def test_the_video_file_answers_byte_ranges(client, tmp_path):
    """200 whole with Accept-Ranges, 206 with Content-Range for a range, 416 out of bounds."""
    video = make_video(tmp_path)
    size = video.file.size
    url = video.file_url()
    whole = client.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes" and whole["Content-Type"] == "video/mp4"
    part = client.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 100-199/{size}"
    assert b"".join(part.streaming_content) == video.file.open("rb").read()[100:200]
    tail = client.get(url, HTTP_RANGE="bytes=-10")
    assert tail.status_code == 206 and tail["Content-Range"] == f"bytes {size - 10}-{size - 1}/{size}"
    bad = client.get(url, HTTP_RANGE=f"bytes={size + 5}-")
    assert bad.status_code == 416 and bad["Content-Range"] == f"bytes */{size}"
    assert client.get(url, HTTP_RANGE="bytes=50-10").status_code == 416
    page = client.get(video.get_absolute_url()).content.decode()
    assert f'<source src="{url}" type="video/mp4">' in page and "<video controls" in page


@needs_ffmpeg
def test_the_accel_redirect_option_lets_nginx_send_the_file(client, tmp_path, settings):
    settings.GALLERY_VIDEO_ACCEL_REDIRECT = "/_media_videos/"
    video = make_video(tmp_path)
    response = client.get(video.file_url())
    assert response["X-Accel-Redirect"] == "/_media_videos/" + video.file.name


def test_an_article_shows_its_album_beside_it(client):
    album = make_album(title="Ngày hội đại đoàn kết")
    article = make_article()
    ArticleMedia.objects.create(article=article, album=album)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'<a href="{album.get_absolute_url()}">Ngày hội đại đoàn kết</a>' in page
