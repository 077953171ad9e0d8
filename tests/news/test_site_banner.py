"""The header's banner, set by an administrator in the site settings: an image checked by its content."""

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from PIL import Image

from news.models import SiteSettings
from tests.factories import make_user
from tests.newsroom import upload

pytestmark = pytest.mark.django_db

READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile"}


def png(width=1180, height=140):
    out = io.BytesIO()
    Image.new("RGB", (width, height), (165, 0, 0)).save(out, "PNG")
    return out.getvalue()


def settings_form(site, **changes):
    data = {
        "name": site.name,
        "short_name": site.short_name,
        "tagline": site.tagline,
        "address": site.address,
        "phone": site.phone,
        "email": site.email,
        "footer_text": site.footer_text,
        "default_source_unit": site.default_source_unit,
    }
    return {**data, **changes}


def save_settings(client, **changes):
    site = SiteSettings.load()
    return client.post(reverse("admin:news_sitesettings_change", args=[site.pk]), settings_form(site, **changes))


def test_the_header_is_red_and_gold_with_the_name_until_a_banner_is_set(client):
    html = client.get("/").content.decode()
    assert "banner-image" not in html and 'class="brand-name"' in html


def test_an_administrator_sets_a_banner_and_every_reader_sees_it(settings, client):
    settings.PORTAL_PAGE_CACHE = True
    cache.clear()
    reader = client.__class__()
    assert "banner-image" not in reader.get("/", **READER).content.decode()  # now cached without it

    client.force_login(make_user("quantri", "admin"))
    assert save_settings(client, banner=upload("bang-ron.png", content=png())).status_code == 302
    site = SiteSettings.load()
    assert (site.banner_width, site.banner_height) == (1180, 140)

    html = reader.get("/", **READER).content.decode()
    assert 'class="banner-image"' in html and f'alt="{site.name}"' in html
    assert 'width="1180" height="140"' in html and 'class="brand-name"' not in html


@pytest.mark.parametrize(
    "name, content",
    [("bang-ron.png", b"%PDF-1.7 not an image"), ("bang-ron.png", png()[:200])],
    ids=["another-kind-renamed", "truncated"],
)
def test_a_file_that_is_not_an_image_is_refused_and_the_banner_kept(client, name, content):
    client.force_login(make_user("quantri", "admin"))
    save_settings(client, banner=upload("cu.png", content=png()))
    before = SiteSettings.load().banner.name

    response = save_settings(client, banner=upload(name, content=content))
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors["banner"])
    assert "ảnh" in errors.lower()
    assert SiteSettings.objects.get().banner.name == before
