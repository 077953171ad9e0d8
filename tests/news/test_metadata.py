"""Sharing metadata: canonical URLs, Open Graph, Twitter cards, JSON-LD, share links, printing."""

import json
import re
import unicodedata
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from news.models import SiteSettings
from news.templatetags.discovery import json_for_script
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


class Head(HTMLParser):
    """Collects <meta>, <link> and <script> elements of a page."""

    def __init__(self, html):
        super().__init__()
        self.meta, self.links, self.scripts, self.handlers = {}, [], [], []
        self._script = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [name for name in attrs if name.startswith("on")]
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content")
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script":
            self._script = {**attrs, "text": ""}
            self.scripts.append(self._script)

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def link(self, rel):
        return next((link for link in self.links if link.get("rel") == rel), None)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return Head(response.content.decode())


@pytest.fixture
def article():
    site = SiteSettings.load()
    site.name = "Cổng thông tin Quận ủy Hòa Bình"
    site.save()
    return make_article(
        make_section("Xây dựng Đảng"),
        title="Hội nghị Ban Chấp hành Đảng bộ quận",
        lead="Sáng 26/3, Ban Chấp hành Đảng bộ quận họp phiên thường kỳ để đánh giá kết quả quý I.",
        cover=True,
        cover_caption="Quang cảnh hội nghị.",
        authors=("Huyền Anh", "Minh Đức"),
    )


def test_article_page_has_canonical_url_and_description(client, article):
    """The article names its canonical address and describes itself with its lead."""
    head = page(client, article.get_absolute_url())
    assert head.link("canonical")["href"] == "http://testserver" + article.get_absolute_url()
    assert head.meta["description"] == article.lead


def test_article_page_has_open_graph_tags(client, article):
    """Facebook and Zalo previews get the title, lead, address, cover rendition and dates."""
    head = page(client, article.get_absolute_url())
    url = "http://testserver" + article.get_absolute_url()
    assert head.meta["og:type"] == "article"
    assert head.meta["og:title"] == article.title
    assert head.meta["og:description"] == article.lead
    assert head.meta["og:url"] == url
    assert head.meta["og:site_name"] == "Cổng thông tin Quận ủy Hòa Bình"
    assert head.meta["og:locale"] == "vi_VN"
    assert re.fullmatch(r"http://testserver/media/renditions/covers/.+-w640\.jpg", head.meta["og:image"])
    assert head.meta["og:image:alt"] == "Quang cảnh hội nghị."
    assert head.meta["article:section"] == "Xây dựng Đảng"
    published = timezone.datetime.fromisoformat(head.meta["article:published_time"])
    assert published == article.published_at


def test_article_page_has_twitter_card(client, article):
    """A large-image Twitter card uses the same title, description and picture."""
    head = page(client, article.get_absolute_url())
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["twitter:title"] == article.title
    assert head.meta["twitter:image"] == head.meta["og:image"]


def test_article_without_cover_shares_its_first_photo(client):
    """Without a cover, the first photo of the article is the shared picture."""
    article = make_article(photos=2)
    head = page(client, article.get_absolute_url())
    assert re.fullmatch(r"http://testserver/media/renditions/photos/.+-0-w640\.jpg", head.meta["og:image"])
    assert default_storage.exists(head.meta["og:image"].split("/media/", 1)[1])


def test_article_without_any_picture_gets_a_small_card(client):
    """An article with no picture gets a plain summary card and no image tags."""
    head = page(client, make_article().get_absolute_url())
    assert head.meta["twitter:card"] == "summary"
    assert "og:image" not in head.meta


def json_ld(head):
    (script,) = [s for s in head.scripts if s.get("type") == "application/ld+json"]
    return json.loads(script["text"])


def test_article_page_has_news_article_json_ld(client, article):
    """Search engines get a NewsArticle with headline, dates, authors, publisher and image."""
    head = page(client, article.get_absolute_url())
    data = json_ld(head)
    url = "http://testserver" + article.get_absolute_url()
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["datePublished"] == timezone.localtime(article.published_at).isoformat(timespec="seconds")
    assert data["dateModified"].endswith("+07:00")
    article.refresh_from_db()  # adding the byline after the article was made touched updated_at in the database
    assert timezone.datetime.fromisoformat(data["dateModified"]) == article.updated_at.replace(microsecond=0)
    assert data["author"] == [{"@type": "Person", "name": "Huyền Anh"}, {"@type": "Person", "name": "Minh Đức"}]
    assert data["publisher"]["name"] == "Cổng thông tin Quận ủy Hòa Bình"
    assert data["publisher"]["logo"]["url"].startswith("http://testserver/static/")
    assert data["image"] == [head.meta["og:image"]]
    assert data["inLanguage"] == "vi"


def test_json_ld_cannot_break_out_of_its_script_element(client):
    """A title with </script> or <!-- stays inside the JSON-LD, escaped, and still decodes."""
    title = 'Tin </script><script>alert("x")</script> <!-- & >'
    article = make_article(title=title)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "</script><script>alert" not in html
    assert json_ld(Head(html))["headline"] == title


def test_json_for_script_escapes_markup_characters():
    """<, > and & become JSON unicode escapes; the text decodes back unchanged."""
    text = json_for_script({"a": "</script> & <!-- \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script> & <!-- \u2028"}


def test_share_links_need_no_third_party_script(client, article):
    """Facebook and Zalo share links are plain links carrying the article's address."""
    html = client.get(article.get_absolute_url()).content.decode()
    url = "http://testserver" + article.get_absolute_url()
    links = dict(re.findall(r'<a class="share-link share-(\w+)" href="([^"]+)"', html))
    facebook = urlsplit(links["facebook"].replace("&amp;", "&"))
    assert facebook.netloc == "www.facebook.com" and parse_qs(facebook.query)["u"] == [url]
    zalo = urlsplit(links["zalo"].replace("&amp;", "&"))
    assert zalo.netloc.endswith("zalo.me") and parse_qs(zalo.query)["url"] == [url]
    assert f'data-copy-url="{url}"' in html
    assert "Sao chép liên kết" in html


def test_pages_have_no_inline_script_or_event_handler(client, article):
    """Scripts come only from the site's static files (a strict CSP comes later)."""
    head = page(client, article.get_absolute_url())
    for script in head.scripts:
        if script.get("type") == "application/ld+json":
            continue  # data, not code: allowed by a script-src CSP
        assert script.get("src", "").startswith("/static/") and not script["text"].strip()
    assert any(script.get("src") == "/static/js/share.js" for script in head.scripts)
    assert head.handlers == []


def test_home_page_has_canonical_and_open_graph(client, article):
    """The home page names its canonical address and describes the portal to social networks."""
    head = page(client, reverse("news:home"))
    assert head.link("canonical")["href"] == "http://testserver/"
    assert head.meta["og:type"] == "website"
    assert head.meta["og:url"] == "http://testserver/"
    assert head.meta["og:title"] == "Cổng thông tin Quận ủy Hòa Bình"


def test_section_page_has_canonical_and_open_graph(client, article):
    """A section page names its canonical address (with its page number past the first)."""
    section = article.section
    for _n in range(16):
        make_article(section)
    head = page(client, section.get_absolute_url())
    url = "http://testserver" + section.get_absolute_url()
    assert head.link("canonical")["href"] == url
    assert head.meta["og:title"] == "Xây dựng Đảng" and head.meta["og:url"] == url
    second = page(client, section.get_absolute_url() + "?page=2")
    assert second.link("canonical")["href"] == url + "?page=2"


def test_print_stylesheet_is_linked_for_print_only(client, article):
    """Printing uses its own stylesheet, which hides menus and keeps photos, captions and byline."""
    head = page(client, article.get_absolute_url())
    (print_css,) = [link for link in head.links if link.get("media") == "print"]
    assert print_css["href"] == "/static/css/print.css"
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="print-only print-source"' in html and "Nguồn:" in html


def test_print_stylesheet_hides_navigation_and_keeps_the_article(settings):
    """The print rules hide the menus, sidebar and share links, and keep figures and the byline whole."""
    css = (settings.BASE_DIR / "static" / "css" / "print.css").read_text()
    hidden = css.split("{ display: none !important; }")[0]
    for selector in (".site-header", ".main-nav", ".layout-side", ".site-footer", ".share", ".related"):
        assert selector in hidden
    for selector in (".article-byline", ".byline", ".source-unit", "figcaption", "figure"):
        assert selector not in hidden
    assert "break-inside: avoid" in css and ".print-only { display: block !important; }" in css


def test_a_long_lead_is_cut_to_160_characters_in_the_description(client):
    """As Django's truncatechars cuts it, combining accents (a lead pasted in NFD) included."""
    from django.template.defaultfilters import truncatechars

    lead = "Sáng nay, Quận ủy tổ chức hội nghị sơ kết công tác xây dựng Đảng và hệ thống chính trị. " * 3
    for text in (lead, unicodedata.normalize("NFD", lead)):
        article = make_article(title="Hội nghị sơ kết", lead=text)
        for _ in range(2):  # the second time from what the process remembers
            description = page(client, article.get_absolute_url()).meta["description"]
            assert description == truncatechars(text, 160)
            assert len(description) == 160 and description.endswith("…")
