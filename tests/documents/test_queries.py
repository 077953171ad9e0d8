"""Each register page costs a pinned number of queries, whatever the number of documents."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import Attachment, Document
from tests.factories import make_document, pdf_file

pytestmark = pytest.mark.django_db
BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 Chrome/130"}
# The register: the filters' choices (one query for the kinds, bodies and fields, one for the years),
# then the count and the page; a search: the code's matches and the words' instead of the count.
# A document: the document, the documents it replaces, its attachments, the articles citing it
# (and the one replacing it).
EXPECTED = {
    "/van-ban/": 4,
    "/van-ban/?loai=ke-hoach&nam=2019&co-quan=ban-thuong-vu-quan-uy&linh-vuc=xay-dung-dang&tinh-trang=con-hieu-luc": 4,
    "/van-ban/?page=2": 4,
    "/van-ban/?q=133-KH/QU": 5,
    "/van-ban/?q=dai+hoi+dang+bo&loai=ke-hoach": 4,  # no digit, no code: the words alone
    "/van-ban/?q=999999": 5,  # nothing found: the codes holding it inside a part, looked for too
    "/van-ban/?q=khong+co+gi+ca": 4,  # no code in it; nothing found: documents with some of the words
    "/van-ban/133-kh-qu/": 4,
    "/van-ban/201-kh-qu/": 5,  # replaced by 133-KH/QU: one more for it
    "/van-ban/133-kh-qu/xem.pdf": 1,
    "/van-ban/rss/": 1,
}


def grow(start, stop):
    """Documents start…stop-1: plans of 2019 in Party building, each replaced by the next, with an attachment."""
    previous = None
    for n in range(start, stop):
        document = make_document(
            number="133-KH/QU" if n == 0 else f"{n + 200}-KH/QU",
            field="Xây dựng Đảng",
            summary=f"Kế hoạch tổ chức đại hội đảng bộ số {n}",
            text="Đại hội đảng bộ các cấp " * 20,
            issued_on=date(2019, 1 + n % 12, 1 + n % 28),
        )
        attachment = Attachment(document=document, title=f"Phụ lục {n}", file_type="pdf", file_size=1)
        attachment.file.save("pl.pdf", pdf_file("PHỤ LỤC"))
        if previous is not None:
            Document.objects.filter(pk=document.pk).update(replaced_by=previous, status=Document.Status.REPLACED)
        previous = document


def count_queries(client, url):
    # Twice: a document saved moves the fragments' version (documents/signals.py), which this
    # worker's copy of it may see one request late; what is pinned is the steady state.
    client.get(url, **BROWSER)
    client.get(url, **BROWSER)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **BROWSER)
    assert response.status_code == 200, url
    return len([q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]])


def counts(client):
    return {url: count_queries(client, url) for url in EXPECTED}


def test_queries_are_pinned_and_do_not_grow_with_3_or_45_documents(client):
    """With 3 and with 45 documents (attachments, replacements), each page costs the same pinned queries."""
    grow(0, 3)
    small = counts(client)
    grow(3, 45)
    assert Document.objects.count() == 45
    assert counts(client) == small == EXPECTED
