"""A photo placed inside an article's body is served like the article's own photos: Chromium picks
a WebP of a width that suits the screen, at 1366 and at 390 px."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from news.body_images import store_upload
from news.images import media_url
from tests.browser.helpers import assert_accessible, expect, screenshot
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
DESKTOP_1366 = {"width": 1366, "height": 900}


def body_photo():
    out = io.BytesIO()
    Image.new("RGB", (1600, 1000), (160, 20, 20)).save(out, "JPEG")
    return store_upload(SimpleUploadedFile("hoi-nghi.jpg", out.getvalue(), content_type="image/jpeg"), timezone.now())


@pytest.mark.parametrize("viewport", [DESKTOP_1366, PHONE_390], ids=["1366px", "390px"])
def test_a_body_photo_comes_as_webp_of_a_fitting_width(page, viewport):
    name = body_photo()
    body = (
        "<p>Sáng nay, Quận ủy tổ chức hội nghị.</p>"
        f'<figure class="image"><img src="{media_url(name)}" alt="Quang cảnh hội nghị">'
        "<figcaption>Quang cảnh hội nghị</figcaption></figure><p>Hội nghị kết thúc lúc 11 giờ.</p>"
    )
    article = make_article(title="Hội nghị sơ kết công tác quý IV", body=body)
    page.goto(article.get_absolute_url())
    photo = page.get_by_role("img", name="Quang cảnh hội nghị")
    expect(photo).to_be_visible()
    photo.evaluate("(img) => img.decode()")
    chosen = photo.evaluate("(img) => img.currentSrc")
    assert chosen.endswith(".webp"), chosen
    shown = photo.evaluate("(img) => img.getBoundingClientRect().width")
    natural = photo.evaluate("(img) => img.naturalWidth")
    # Sharp on the screen, and not the 1600 px original on a phone.
    assert shown <= natural <= max(640, shown * 3), (shown, natural)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible(page, f"article-body-photo-{viewport['width']}")
    screenshot(page, "article-body-photo")
