"""Nothing an editor types in the register, nor anything inside an uploaded PDF (its text, its
metadata), runs in a reader's or an editor's browser."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.urls import reverse

from documents import files
from documents.models import Attachment, Document, Field, IssuingBody, Kind
from tests.about.test_xss import dangers
from tests.factories import make_user, pdf_file
from tests.news.test_sanitize import XSS_PAYLOADS, executable_parts

pytestmark = pytest.mark.django_db


def fill_every_field(payload):
    """A replaced document and its replacement, every text field the payload, the PDF's text and metadata too."""
    uploaded = pdf_file(
        payload,
        [f"Nội dung {payload} alert"],
        metadata={"title": payload, "author": payload, "subject": payload, "keywords": payload},
    )
    checked = files.check_pdf(uploaded)
    assert "alert" in checked.text
    common = {
        "kind": Kind.objects.create(name=payload[:150]),
        "issuing_body": IssuingBody.objects.create(name=payload[:150]),
        "field": Field.objects.create(name=payload[:150]),
        "signer": payload[:150],
        "summary": f"{payload} alert",
        "issued_on": date(2019, 11, 25),
        "is_published": True,
        "text": checked.text,
        "page_count": checked.page_count,
        "file_size": checked.size,
    }
    new = Document(number=("1 " + payload)[:60], **common)
    new.file.save("a.pdf", uploaded, save=False)
    new.save()
    old = Document(number=("2 " + payload)[:60], replaced_by=new, **common)
    old.file.save("b.pdf", pdf_file(payload), save=False)
    old.save()
    attachment = Attachment(document=new, title=payload[:250], file_type="pdf", file_size=10)
    attachment.file.save("c.pdf", pdf_file(payload))
    return new, old


def main_part(html):
    """The page from <main> on, the register's own search form and PDF frame taken for what they are."""
    main = re.search(r"<main.*</footer>", html, re.S).group(0)
    main = main.replace('<form class="search-form doc-filters"', '<div class="search-form doc-filters"', 1)
    return main.replace('<iframe class="doc-viewer"', '<div class="doc-viewer"', 1)


@pytest.mark.parametrize("payload", XSS_PAYLOADS, ids=[f"xss{i:02d}" for i in range(len(XSS_PAYLOADS))])
def test_payload_in_every_field_and_in_the_pdf_is_inert(client, payload):
    """Each payload of the corpus, in every field and inside the PDF, comes out escaped on every page and feed."""
    new, old = fill_every_field(payload)
    pages = [
        "/van-ban/",
        "/van-ban/?" + "q=alert",
        "/van-ban/?q=" + payload.replace("&", "%26").replace("#", "%23"),
        new.get_absolute_url(),
        old.get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert dangers(main_part(response.content.decode())) == [], url
    assert "<mark>alert</mark>" in client.get("/van-ban/?q=alert").content.decode()
    feed = ET.fromstring(client.get("/van-ban/rss/").content)
    for item in feed.iter("item"):
        # A feed reader renders the description as HTML: once decoded from the XML, it must hold no markup.
        assert dangers(item.findtext("description")) == []
    client.force_login(make_user("bientap", "editor"))
    for url in (
        reverse("admin:documents_document_changelist"),
        reverse("admin:documents_document_change", args=[new.pk]),
        reverse("admin:documents_kind_changelist"),
    ):
        assert executable_parts(client.get(url).content.decode()) == [], url


def test_a_plain_text_field_is_shown_as_typed(client):
    """A summary typed with markup reads as the text the editor typed."""
    new, _old = fill_every_field("<b>Kế hoạch</b> & con")
    assert "&lt;b&gt;Kế hoạch&lt;/b&gt; &amp; con" in client.get(new.get_absolute_url()).content.decode()
