"""Photos placed in the body by CKEditor get srcset and WebP, like the article's own photos."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from news.body_images import responsive_body_images
from tests.factories import make_article, make_user
from tests.newsroom import upload

pytestmark = pytest.mark.django_db


def jpeg(width, height):
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def uploaded_url(client, content, name="anh.jpg"):
    client.force_login(make_user("bientap", "editor"))
    response = client.post(reverse("admin:news_article_upload_image"), {"upload": upload(name, content=content)})
    assert response.status_code == 200
    return response.json()["url"]


def body_with(url, alt="Đại biểu dự hội nghị"):
    """What CKEditor 5 stores for an uploaded image with its text alternative."""
    return f'<p>Đoạn đầu.</p><figure class="image"><img src="{url}" alt="{alt}"></figure><p>Đoạn sau.</p>'


def test_an_uploaded_photo_is_shown_with_webp_and_srcset(client):
    url = uploaded_url(client, jpeg(1600, 1000))
    article = make_article(body=body_with(url))
    page = client.get(article.get_absolute_url()).content.decode()
    body = page[page.index('class="article-body"') :]
    picture = re.search(r"<figure class=\"image\"><picture>(.*?)</picture></figure>", body, re.S)
    assert picture, body[:1500]
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', picture[1])[1]
    widths = [int(w) for w in re.findall(r" (\d+)w", webp)]
    assert widths == [320, 640, 960, 1280]
    # Each candidate is a real WebP of that width, already on the storage.
    for candidate in webp.split(", "):
        address, width = candidate.rsplit(" ", 1)
        with default_storage.open(address.removeprefix(default_storage.base_url), "rb") as fh, Image.open(fh) as img:
            assert img.format == "WEBP" and img.width == int(width[:-1])
    img = re.search(r"<img [^>]*>", picture[1])[0]
    assert 'alt="Đại biểu dự hội nghị"' in img
    assert 'width="1600" height="1000"' in img  # no jump when it loads
    assert "-w1280.jpg" in re.search(r'src="([^"]+)"', img)[1]


def test_a_photo_narrower_than_the_smallest_width_keeps_its_own(client):
    url = uploaded_url(client, jpeg(200, 150))
    html = responsive_body_images(body_with(url))
    assert re.search(r'<source type="image/webp" srcset="[^"]+-w200\.webp 200w"', html)


def test_other_images_are_left_as_they_are(client):
    """A transparent PNG (flattened renditions would lose it) and an outside address stay plain <img>."""
    out = io.BytesIO()
    Image.new("RGBA", (120, 80), (0, 0, 0, 0)).save(out, "PNG")
    png = uploaded_url(client, out.getvalue(), "bieu-do.png")
    body = body_with(png) + body_with("https://example.org/uploads/anh.jpg") + body_with("/media/uploads/cu.jpg")
    assert responsive_body_images(body) == body


def test_an_alt_text_with_quotes_stays_escaped(client):
    url = uploaded_url(client, jpeg(700, 400))
    html = responsive_body_images(body_with(url, alt="Khẩu hiệu &quot;Tất cả vì dân&quot; &lt;b&gt;"))
    assert 'alt="Khẩu hiệu &quot;Tất cả vì dân&quot; &lt;b&gt;"' in html
    assert "<b>" not in html
