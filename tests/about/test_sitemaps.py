"""The introduction's pages in the sitemap: search engines find them like the news."""

import xml.etree.ElementTree as ET

import pytest

from about.models import IntroPage
from tests.factories import make_intro_page

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(client, path):
    response = client.get(path)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [u.findtext("sm:loc", namespaces=NS) for u in root.findall("sm:url", NS)]


def test_sitemap_lists_published_pages_and_the_fixed_ones(client):
    """Published pages are listed with the leaders, contacts, links and English page; drafts are not."""
    shown = make_intro_page(title="Lịch sử Đảng bộ quận")
    draft = make_intro_page(title="Bản nháp", status=IntroPage.Status.DRAFT)
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-about.xml" in index and "/sitemap-about-pages.xml" in index
    pages = locations(client, "/sitemap-about-pages.xml")
    assert f"http://testserver{shown.get_absolute_url()}" in pages
    assert f"http://testserver{draft.get_absolute_url()}" not in pages
    fixed = locations(client, "/sitemap-about.xml")
    assert {"/gioi-thieu/", "/gioi-thieu/lanh-dao/", "/gioi-thieu/lien-he/", "/lien-ket/", "/en/"} == {
        loc.removeprefix("http://testserver") for loc in fixed
    }
