"""RSS feeds: valid RSS 2.0 for the portal and each section, linked from the pages."""

import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from news.models import Article, SiteSettings
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # raises on invalid XML
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


def items(channel):
    return channel.findall("item")


def test_site_feed_lists_published_articles_newest_first(client):
    """The portal's feed has its published articles, newest first, and nothing else."""
    older = make_article(title="Tin cũ", days=3)
    newer = make_article(title="Tin mới", days=1)
    make_article(title="Bản nháp", status=Article.Status.DRAFT)
    make_article(title="Hẹn giờ", days=-1)
    channel = parse(client.get(reverse("news:feed")))
    assert [i.findtext("title") for i in items(channel)] == [newer.title, older.title]


def test_feed_item_has_title_link_lead_date_author_and_section(client):
    """Each item carries the title, absolute link, lead, publication time, authors and section."""
    article = make_article(
        title="Hội nghị Ban Chấp hành", lead="Sáng nay, Quận ủy họp.", authors=("Huyền Anh", "Minh Đức")
    )
    (item,) = items(parse(client.get(reverse("news:feed"))))
    link = "http://testserver" + article.get_absolute_url()
    assert item.findtext("link") == link and item.findtext("guid") == link
    assert item.findtext("description") == "Sáng nay, Quận ủy họp."
    assert parsedate_to_datetime(item.findtext("pubDate")) == article.published_at.replace(microsecond=0)
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Huyền Anh, Minh Đức"
    assert item.findtext("category") == article.section.name


def test_feed_channel_uses_the_site_settings(client):
    """The feed is titled with the portal's name, in Vietnamese."""
    site = SiteSettings.load()
    site.name, site.tagline = "Cổng thông tin Quận ủy Hòa Bình", "Cơ quan của Đảng bộ quận"
    site.save()
    channel = parse(client.get(reverse("news:feed")))
    assert channel.findtext("title") == "Cổng thông tin Quận ủy Hòa Bình"
    assert channel.findtext("description") == "Cơ quan của Đảng bộ quận"
    assert channel.findtext("language") == "vi"
    assert channel.findtext("link") == "http://testserver/"


def test_cover_image_is_an_enclosure_with_its_real_size(client):
    """The cover's JPEG rendition is the item's enclosure, absolute, with its size in bytes."""
    article = make_article(cover=True)
    (item,) = items(parse(client.get(reverse("news:feed"))))
    enclosure = item.find("enclosure")
    assert enclosure.get("type") == "image/jpeg"
    url = enclosure.get("url")
    assert url.startswith("http://testserver/") and "/renditions/" in url and url.endswith("-w640.jpg")
    name = url.split("/media/", 1)[1]
    assert int(enclosure.get("length")) == default_storage.size(name) > 0
    assert article.cover_image.name.rsplit(".", 1)[0] in url


def test_article_without_cover_has_no_enclosure(client):
    """No cover, no enclosure."""
    make_article(cover=False)
    (item,) = items(parse(client.get(reverse("news:feed"))))
    assert item.find("enclosure") is None


def test_special_characters_keep_the_feed_valid(client):
    """Ampersands, angle brackets and quotes in titles and leads are escaped, the XML stays valid."""
    make_article(title='Hội thi "Giai điệu" <2026> & hơn thế', lead="A < B & C > D")
    (item,) = items(parse(client.get(reverse("news:feed"))))
    assert item.findtext("title") == 'Hội thi "Giai điệu" <2026> & hơn thế'
    assert item.findtext("description") == "A < B & C > D"


def test_section_feed_has_the_section_and_its_sub_sections(client):
    """A section's feed lists its own and its sub-sections' articles, not others'."""
    section = make_section("Xây dựng Đảng")
    child = make_section("Kiểm tra", parent=section)
    make_article(section, title="Tin chuyên mục", days=2)
    make_article(child, title="Tin chuyên mục con", days=1)
    make_article(make_section("Văn hóa"), title="Tin khác")
    channel = parse(client.get(reverse("news:section_feed", args=[section.slug])))
    assert [i.findtext("title") for i in items(channel)] == ["Tin chuyên mục con", "Tin chuyên mục"]
    assert channel.findtext("title").startswith("Xây dựng Đảng")
    assert channel.findtext("link") == "http://testserver" + section.get_absolute_url()


def test_unknown_or_inactive_section_feed_is_404(client):
    """No feed for a section that does not exist or is switched off."""
    hidden = make_section("Cũ", is_active=False)
    assert client.get(reverse("news:section_feed", args=["khong-co"])).status_code == 404
    assert client.get(reverse("news:section_feed", args=[hidden.slug])).status_code == 404


def test_pages_link_to_their_feeds(client):
    """Every page links the portal's feed; section and article pages also their section's."""
    article = make_article()
    section_feed = reverse("news:section_feed", args=[article.section.slug])
    site_link = f'<link rel="alternate" type="application/rss+xml" title="{SiteSettings.load().name}" href="/rss/">'
    for url in [reverse("news:home"), article.section.get_absolute_url(), article.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert site_link in html
    for url in [article.section.get_absolute_url(), article.get_absolute_url()]:
        assert f'type="application/rss+xml" title="{article.section.name}' in client.get(url).content.decode()
        assert f'href="{section_feed}"' in client.get(url).content.decode()
