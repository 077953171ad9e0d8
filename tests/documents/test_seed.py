"""seed_documents: the demo register, made once, with real PDFs."""

import pytest
from django.core.management import call_command

from documents.models import Attachment, Document

pytestmark = pytest.mark.django_db


def test_seed_makes_the_demo_register_once(client):
    """Twice: 30+ published documents with real PDFs, 133-KH/QU among them, one replaced; run again, no change."""
    call_command("seed_documents", verbosity=0)
    first = (Document.objects.count(), Attachment.objects.count(), list(Document.objects.values_list("updated_at")))
    call_command("seed_documents", verbosity=0)
    assert (
        Document.objects.count(),
        Attachment.objects.count(),
        list(Document.objects.values_list("updated_at")),
    ) == first
    assert first[0] >= 30 and Document.objects.published().count() == first[0]
    plan = Document.objects.get(number="133-KH/QU")
    assert plan.issuing_body.name == "Ban Thường vụ Quận ủy" and plan.issued_on.strftime("%d/%m/%Y") == "25/11/2019"
    assert plan.page_count == 3 and "Đại hội đại biểu Đảng bộ quận" in plan.text
    assert plan.file.read(5) == b"%PDF-"
    old = Document.objects.get(number="05-QĐi/QU")
    assert old.status == Document.Status.REPLACED and old.replaced_by.number == "28-QĐi/QU"
    page = client.get("/van-ban/?q=133-KH/QU").content.decode()
    assert page.index(">133-KH/QU<") < page.index(">47-BC/QU<")
    assert client.get(plan.file_url()).status_code == 200


def test_dry_run_changes_nothing():
    """--dry-run says what it would make and makes nothing."""
    call_command("seed_documents", "--dry-run", verbosity=0)
    assert not Document.objects.exists()
