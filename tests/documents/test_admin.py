"""The register in the admin: reporters enter, editors publish; files checked; history; Vietnamese."""

import pytest
from django.urls import reverse
from django.utils import translation

from documents.models import Document, IssuingBody, Kind
from tests.factories import make_document, make_user, pdf_file
from tests.newsroom import management, upload

pytestmark = pytest.mark.django_db


def add_url():
    return reverse("admin:documents_document_add")


def document_data(**fields):
    data = {
        "number": "133-KH/QU",
        "kind": str(Kind.objects.get(name="Kế hoạch").pk),
        "issuing_body": str(IssuingBody.objects.get(name="Ban Thường vụ Quận ủy").pk),
        "signer": "Bí thư Trần Minh Khoa",
        "issued_on": "25/11/2019",
        "in_force_on": "",
        "summary": "Kế hoạch thực hiện Chỉ thị về tổ chức đại hội đảng bộ các cấp",
        "field": "",
        "status": Document.Status.IN_FORCE,
        "replaced_by": "",
        "slug": "",
        **management("attachments"),
    }
    data.update(fields)
    return data


def test_a_reporter_enters_a_document_with_its_pdf_but_cannot_publish(client):
    """A Phóng viên adds 133-KH/QU with its PDF: stored unpublished, with its pages; no publish action offered."""
    client.force_login(make_user("phongvien", "reporter"))
    form_page = client.get(add_url())
    assert form_page.status_code == 200
    assert 'name="is_published"' not in form_page.content.decode()
    response = client.post(add_url(), document_data(file=pdf_file("KẾ HOẠCH số 133-KH/QU", pages=2), is_published="on"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    document = Document.objects.get()
    assert (document.number, document.page_count, document.is_published) == ("133-KH/QU", 2, False)
    changelist = client.get(reverse("admin:documents_document_changelist")).content.decode()
    assert "133-KH/QU" in changelist and 'value="publish"' not in changelist


def test_a_reporter_cannot_change_a_published_document_nor_publish_by_posting(client):
    """A published document opens read-only for a reporter; a forged publish action publishes nothing."""
    client.force_login(make_user("phongvien", "reporter"))
    published = make_document(summary="Bản đã đăng")
    draft = make_document(published=False)
    url = reverse("admin:documents_document_change", args=[published.pk])
    assert client.get(url).status_code == 200
    client.post(url, document_data(summary="Đã sửa"))
    assert Document.objects.get(pk=published.pk).summary == "Bản đã đăng"
    client.post(reverse("admin:documents_document_changelist"), {"action": "publish", "_selected_action": [draft.pk]})
    assert not Document.objects.get(pk=draft.pk).is_published


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_publish_from_the_list(client, role):
    """Biên tập viên and Quản trị publish selected drafts with the list's action, in Vietnamese."""
    client.force_login(make_user(f"u-{role}", role))
    drafts = [make_document(published=False), make_document(published=False)]
    with translation.override("vi"):
        changelist = client.get(reverse("admin:documents_document_changelist")).content.decode()
        assert "Đăng các văn bản đã chọn" in changelist
        response = client.post(
            reverse("admin:documents_document_changelist"),
            {"action": "publish", "_selected_action": [d.pk for d in drafts]},
            follow=True,
        )
    assert "Đã đăng 2 văn bản." in response.content.decode()
    assert Document.objects.published().count() == 2


def test_a_duplicate_number_is_a_vietnamese_form_error(client):
    """The same number from the same body: the form says so in Vietnamese and stores nothing."""
    make_document(number="133-KH/QU")
    client.force_login(make_user("bientap", "editor"))
    with translation.override("vi"):
        response = client.post(add_url(), document_data(number="133-kh/qu", file=pdf_file()))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["number"] == ["Ban Thường vụ Quận ủy đã có văn bản số 133-kh/qu."]
    assert Document.objects.count() == 1


def test_a_disguised_file_is_refused_and_nothing_is_stored(client, settings):
    """A PNG named .pdf: a Vietnamese error on the file, no document, no file written."""
    client.force_login(make_user("bientap", "editor"))
    with translation.override("vi"):
        response = client.post(add_url(), document_data(file=upload("ke-hoach.pdf", fmt="PNG")))
    assert "không phải là tệp PDF" in response.context["adminform"].form.errors["file"][0]
    assert not Document.objects.exists() and not (settings.MEDIA_ROOT / "documents").exists()


def test_an_attachment_is_checked_too(client):
    """A document with a PNG attachment is refused whole; with a PDF appendix it is stored with it."""
    client.force_login(make_user("bientap", "editor"))
    rows = {**management("attachments", total=1), "attachments-0-title": "Phụ lục 1", "attachments-0-order": "1"}
    bad = client.post(add_url(), document_data(file=pdf_file(), **rows, **{"attachments-0-file": upload("pl.pdf")}))
    assert bad.status_code == 200 and not Document.objects.exists()
    good = client.post(
        add_url(),
        document_data(file=pdf_file(), **rows, **{"attachments-0-file": pdf_file("PHỤ LỤC", name="pl.pdf")}),
    )
    assert good.status_code == 302
    attachment = Document.objects.get().attachments.get()
    assert (attachment.title, attachment.file_type) == ("Phụ lục 1", "pdf") and attachment.file_size > 0


def test_editors_extend_the_kinds_and_reporters_only_look(client):
    """A Biên tập viên adds the kind “Quy chế phối hợp”; a Phóng viên sees the list but cannot add."""
    client.force_login(make_user("bientap", "editor"))
    response = client.post(reverse("admin:documents_kind_add"), {"name": "Quy chế phối hợp", "slug": "", "order": 5})
    assert response.status_code == 302 and Kind.objects.filter(slug="quy-che-phoi-hop").exists()
    client.force_login(make_user("phongvien", "reporter"))
    assert client.get(reverse("admin:documents_kind_changelist")).status_code == 200
    assert client.get(reverse("admin:documents_kind_add")).status_code == 403


def test_the_list_filters_and_searches_in_vietnamese(client):
    """The list filters by kind, body, year and status, and finds a document by its code."""
    make_document(number="133-KH/QU", kind="Kế hoạch")
    make_document(number="01-NQ/QU", kind="Nghị quyết")
    client.force_login(make_user("bientap", "editor"))
    url = reverse("admin:documents_document_changelist")
    with translation.override("vi"):
        page = client.get(url).content.decode()
        assert all(f"Bởi {name}" in page for name in ("loại văn bản", "cơ quan ban hành", "lĩnh vực", "năm ban hành"))
    found = client.get(url, {"q": "133-KH/QU"}).content.decode()
    assert "133-KH/QU" in found and "01-NQ/QU" not in found
    by_kind = client.get(url, {"kind__id__exact": Kind.objects.get(name="Nghị quyết").pk}).content.decode()
    assert "01-NQ/QU" in by_kind and "133-KH/QU" not in by_kind


def test_history_keeps_each_version(client):
    """An editor's change makes a version, shown on the history page."""
    document = make_document(summary="Bản đầu")
    client.force_login(make_user("bientap", "editor"))
    url = reverse("admin:documents_document_change", args=[document.pk])
    response = client.post(url, document_data(number=document.number, summary="Bản sửa", is_published="on"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert document.history.count() == 2
    assert client.get(reverse("admin:documents_document_history", args=[document.pk])).status_code == 200


def test_the_form_speaks_vietnamese(client):
    """The add form's labels and help are Vietnamese: số/ký hiệu, trích yếu, tệp PDF, cơ quan ban hành."""
    client.force_login(make_user("bientap", "editor"))
    with translation.override("vi"):
        page = client.get(add_url()).content.decode()
    for label in ("Số/ký hiệu", "Trích yếu", "Tệp PDF", "Cơ quan ban hành", "Ngày ban hành", "Được thay thế bởi"):
        assert label in page, label
    assert "Như in trên văn bản, ví dụ “133-KH/QU”." in page
