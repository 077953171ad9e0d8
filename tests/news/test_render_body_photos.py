"""render_body_photos: photos placed in older bodies get the sizes and WebP of new uploads."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def jpeg(width=1600, height=1000):
    out = io.BytesIO()
    Image.new("RGB", (width, height), (160, 20, 20)).save(out, "JPEG")
    return out.getvalue()


def run():
    out, err = io.StringIO(), io.StringIO()
    call_command("render_body_photos", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_an_older_body_photo_is_served_in_sizes_and_webp(client):
    old = default_storage.save("uploads/2025/01/anh-hoi-nghi.jpg", ContentFile(jpeg()))
    article = make_article(body=f'<p>Mở đầu.</p><figure class="image"><img src="/media/{old}" alt="Hội nghị"></figure>')
    assert "<picture>" not in client.get(article.get_absolute_url()).content.decode()

    out, _err = run()
    assert "1 article(s) changed" in out
    article.refresh_from_db()
    name = re.search(r'src="/media/(uploads/[^"]+)"', article.body)[1]
    assert re.fullmatch(r"uploads/\d{4}/\d\d/[0-9a-f]{32}-1600x1000\.jpg", name)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<picture>" in html and 'type="image/webp"' in html and "640w" in html
    assert 'alt="Hội nghị"' in html

    again, _err = run()  # idempotent
    assert "0 article(s) changed" in again


def test_a_missing_photo_is_named_and_left_as_it_is():
    body = '<p><img src="/media/uploads/2024/05/mat.jpg" alt=""></p>'
    article = make_article(body=body)
    out, err = run()
    assert "0 article(s) changed, 1 photo(s) left as they are." in out
    assert "uploads/2024/05/mat.jpg" in err
    article.refresh_from_db()
    assert article.body == body
