"""Nothing an editor types in any field of the introduction runs in a reader's browser."""

import re
from html.parser import HTMLParser

import pytest

from about.models import AgencyLink, Department, EnglishPage, IntroPage, Leader
from tests.factories import image_file
from tests.news.test_sanitize import XSS_PAYLOADS

pytestmark = pytest.mark.django_db

PAGES = [
    "/gioi-thieu/",
    "/gioi-thieu/trang/",
    "/gioi-thieu/lanh-dao/",
    "/gioi-thieu/lien-he/",
    "/lien-ket/",
    "/en/",
    "/",
]
EXECUTABLE_TAGS = {"script", "svg", "math", "iframe", "object", "embed", "body", "form", "base", "meta", "style"}
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "data", "xlink:href", "poster"}


class Danger(HTMLParser):
    """What would run in a browser: an executable element, an event handler, a script URL (entities decoded)."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in EXECUTABLE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            squeezed = "".join(ch for ch in (value or "") if ch > " ").lower()
            if name in URL_ATTRIBUTES and re.match(r"(?:javascript|vbscript|data):", squeezed):
                self.found.append(f"{tag} {name}={value}")


def dangers(html):
    parser = Danger()
    parser.feed(html)
    return parser.found


def fill_every_field(payload):
    page = IntroPage(
        title=payload,
        slug="trang",
        summary=payload,
        body=payload,
        image_alt=payload,
        image_text=payload,
        status=IntroPage.Status.PUBLISHED,
    )
    page.image.save("so-do.png", image_file(400, 300, fmt="PNG"), save=False)
    page.save()
    leader = Leader(name=payload, title=payload, title_en=payload, duties=payload, office_phone=payload)
    leader.photo.save("anh.jpg", image_file(300, 400), save=False)
    leader.save()
    Department.objects.create(
        name=payload,
        name_en=payload,
        head_name=payload,
        head_title=payload,
        head_title_en=payload,
        address=payload,
        address_en=payload,
        phone=payload,
    )
    EnglishPage.objects.create(title=payload, intro=payload, address=payload, phone=payload)
    AgencyLink.objects.create(name=payload, url="https://hanoi.gov.vn/?q=" + payload)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_in_every_field_is_inert_on_every_page(client, payload):
    """Each payload of the project's corpus, put in every text field, comes out escaped or cleaned."""
    fill_every_field(payload)
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        main = re.search(r"<main.*</footer>", html, re.S).group(0)
        assert dangers(main) == [], url


def test_the_check_sees_a_payload_left_as_it_is():
    """The detector itself: an unescaped handler, script or javascript: link is reported."""
    assert dangers('<img src=x onerror=alert(1)><a href="&#106;avascript:alert(1)">x</a><script></script>') == [
        "img onerror=",
        "a href=javascript:alert(1)",
        "<script>",
    ]


def test_a_plain_text_field_is_shown_escaped(client):
    """A leader's name typed with markup reads as the text the editor typed."""
    fill_every_field("<b>Trần</b> & con")
    assert "&lt;b&gt;Trần&lt;/b&gt; &amp; con" in client.get("/gioi-thieu/lanh-dao/").content.decode()
