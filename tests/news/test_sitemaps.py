"""Sitemaps and robots.txt: what search engines are told to crawl."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Article, SiteSettings
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def parse(response):
    assert response.status_code == 200
    assert "xml" in response["Content-Type"]
    return ET.fromstring(response.content)  # raises on invalid XML


def urls(root):
    return {u.findtext("sm:loc", namespaces=NS): u for u in root.findall("sm:url", NS)}


def test_sitemap_index_lists_pages_sections_and_articles(client):
    """sitemap.xml is an index pointing to the pages, sections and articles sitemaps."""
    make_article()
    root = parse(client.get("/sitemap.xml"))
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    locations = [s.findtext("sm:loc", namespaces=NS) for s in root.findall("sm:sitemap", NS)]
    news = [f"http://testserver/sitemap-{name}.xml" for name in ("pages", "sections", "articles")]
    assert locations[:3] == news  # then the other apps' (tests/about/test_sitemaps.py, …)


def test_articles_sitemap_lists_published_articles_with_last_modification(client):
    """Published articles are listed with lastmod = their last change; drafts and scheduled are not."""
    article = make_article()
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - timedelta(days=3))
    article.refresh_from_db()
    draft = make_article(status=Article.Status.DRAFT)
    scheduled = make_article(days=-2)
    found = urls(parse(client.get("/sitemap-articles.xml")))
    location = "http://testserver" + article.get_absolute_url()
    assert set(found) == {location}
    assert found[location].findtext("sm:lastmod", namespaces=NS) == timezone.localdate(article.updated_at).isoformat()
    assert "http://testserver" + draft.get_absolute_url() not in found
    assert "http://testserver" + scheduled.get_absolute_url() not in found


def test_sections_sitemap_lists_visible_sections(client):
    """Active sections are listed, with the time of their newest article; inactive ones are not."""
    section = make_section("Xây dựng Đảng")
    hidden = make_section("Cũ", is_active=False)
    article = make_article(section)
    found = urls(parse(client.get("/sitemap-sections.xml")))
    location = "http://testserver" + section.get_absolute_url()
    assert location in found
    assert "http://testserver" + hidden.get_absolute_url() not in found
    lastmod = found[location].findtext("sm:lastmod", namespaces=NS)
    # Dates are written in the portal's time zone (Asia/Ho_Chi_Minh), not in UTC.
    assert lastmod == timezone.localdate(max(section.updated_at, article.published_at)).isoformat()


def test_pages_sitemap_lists_the_home_page(client):
    """The home page is in the sitemap."""
    make_article()
    assert "http://testserver/" in urls(parse(client.get("/sitemap-pages.xml")))


def test_news_sitemap_lists_the_last_two_days(client):
    """The Google News sitemap has the articles of the last two days, with the news: fields."""
    site = SiteSettings.load()
    site.name = "Cổng thông tin Quận ủy Hòa Bình"
    site.save()
    recent = make_article(title='Hội nghị "quan trọng" & <tổng kết>', published_at=timezone.now() - timedelta(hours=5))
    make_article(title="Tin cũ", days=3)
    make_article(title="Bản nháp", status=Article.Status.DRAFT)
    make_article(title="Hẹn giờ", days=-1)
    response = client.get(reverse("sitemap_news"))
    root = parse(response)
    found = urls(root)
    assert list(found) == ["http://testserver" + recent.get_absolute_url()]
    news = found["http://testserver" + recent.get_absolute_url()].find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Cổng thông tin Quận ủy Hòa Bình"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "vi"
    assert news.findtext("news:title", namespaces=NS) == 'Hội nghị "quan trọng" & <tổng kết>'
    published = datetime.fromisoformat(news.findtext("news:publication_date", namespaces=NS))
    assert published == recent.published_at and published.utcoffset() == timedelta(hours=7)


def test_robots_txt_lists_both_sitemaps_with_absolute_urls(client):
    """robots.txt points crawlers to both sitemaps by absolute URL and keeps them out of the admin."""
    response = client.get("/robots.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text.splitlines()
    assert "Sitemap: http://testserver/sitemap-news.xml" in text.splitlines()
    assert "Disallow: /quan-tri/" in text.splitlines()
