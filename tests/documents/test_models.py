"""The register's models: vocabularies as data, one number per body, replacement both ways, roles."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from documents.models import Document, Field, IssuingBody, Kind
from tests.factories import make_document, vocabulary

pytestmark = pytest.mark.django_db


def test_the_vocabularies_start_with_the_committees_kinds_bodies_and_fields():
    """The migration gives the kinds (Nghị quyết … Công văn), the bodies and the fields, in order."""
    kinds = list(Kind.objects.values_list("name", flat=True))
    assert kinds[:3] == ["Nghị quyết", "Chỉ thị", "Kết luận"]
    assert {"Kế hoạch", "Hướng dẫn", "Thông báo", "Báo cáo", "Công văn", "Quy định", "Quyết định"} <= set(kinds)
    assert IssuingBody.objects.get(slug="ban-thuong-vu-quan-uy").name == "Ban Thường vụ Quận ủy"
    assert IssuingBody.objects.filter(name="Ban Tuyên giáo Quận ủy").exists()
    assert Field.objects.filter(name="Xây dựng Đảng").exists()


def test_an_editor_adds_a_kind_and_its_address_is_transliterated():
    """A new kind “Quy chế phối hợp” gets the slug quy-che-phoi-hop; a same-sounding one gets -2."""
    assert Kind.objects.create(name="Quy chế phối hợp").slug == "quy-che-phoi-hop"
    assert Kind.objects.create(name="Quy chế phối hợp!").slug == "quy-che-phoi-hop-2"


def test_a_document_keeps_its_number_as_printed_and_compares_it_loosely():
    """“133 - KH/QU ” is shown as typed (spaces tidied) and keyed as 133-KH-QU; its address is /van-ban/133-kh-qu/."""
    document = make_document(number="133-KH/QU")
    assert document.code_key == "133-KH-QU"
    assert document.get_absolute_url() == "/van-ban/133-kh-qu/"
    assert document.title == "Kế hoạch 133-KH/QU"
    assert document.file.name.startswith("documents/2019/133-kh-qu-") and document.file.name.endswith(".pdf")
    assert document.download_name() == "133-kh-qu.pdf"


def test_the_same_number_from_the_same_body_is_refused_in_the_form_and_the_database():
    """A second 133-KH/QU of Ban Thường vụ: a Vietnamese error on the number, and the database refuses it too."""
    first = make_document(number="133-KH/QU")
    twin = Document(
        number="133 – kh/qu",
        kind=first.kind,
        issuing_body=first.issuing_body,
        summary="Bản nhập trùng",
        issued_on=date(2019, 11, 25),
        file="documents/x.pdf",
    )
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert error.value.message_dict["number"] == ["Ban Thường vụ Quận ủy đã có văn bản số 133 – kh/qu."]
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    other_body = make_document(number="133-KH/QU", body="Ban Tuyên giáo Quận ủy")
    assert other_body.slug == "133-kh-qu-2"


def test_choosing_the_replacement_marks_the_document_replaced_and_links_both_ways():
    """Old plan replaced by a new one: the old one's status is “replaced”, the new one lists it."""
    new = make_document(number="20-KH/QU")
    old = make_document(number="133-KH/QU", replaced_by=new)
    assert old.status == Document.Status.REPLACED
    assert list(new.replaces.all()) == [old]


def test_a_replaced_status_needs_its_replacement_and_no_loop():
    """“Replaced” without a replacement, a document replacing itself, a loop: each a Vietnamese error."""
    a = make_document()
    a.status = Document.Status.REPLACED
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        a.full_clean()
    assert "Văn bản đã được thay thế cần có văn bản thay thế nó." in error.value.message_dict["replaced_by"]
    b = make_document(replaced_by=a)
    a.replaced_by = b
    with pytest.raises(ValidationError) as error:
        a.full_clean()
    assert "replaced_by" in error.value.message_dict


def test_the_date_in_force_is_not_before_the_date_issued():
    """In force the day before it was issued: refused."""
    document = make_document()
    document.in_force_on = date(2019, 11, 24)
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "in_force_on" in error.value.message_dict


def test_publishing_sets_the_publication_time_once():
    """A draft is not in published(); publish() puts it there with its time, unpublish() takes it out."""
    document = make_document(published=False)
    assert not Document.objects.published().exists() and document.published_at is None
    document.publish()
    first = document.published_at
    assert list(Document.objects.published()) == [document] and first is not None
    document.unpublish()
    document.publish()
    assert Document.objects.get().published_at == first


def test_each_change_is_kept_in_the_history():
    """Two saves, two versions, the summary of each kept."""
    document = make_document(summary="Kế hoạch ban đầu")
    document.summary = "Kế hoạch đã sửa"
    document.save()
    assert [h.summary for h in document.history.order_by("history_date")] == ["Kế hoạch ban đầu", "Kế hoạch đã sửa"]


def test_the_roles_reporters_enter_editors_publish():
    """Phóng viên may add and change documents but not publish or delete; Biên tập viên and Quản trị may."""
    perms = {
        name: set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        for name in ("Phóng viên", "Biên tập viên", "Quản trị")
    }
    assert {"add_document", "change_document", "add_attachment", "view_kind"} <= perms["Phóng viên"]
    assert not {"publish_document", "delete_document", "add_kind"} & perms["Phóng viên"]
    for name in ("Biên tập viên", "Quản trị"):
        assert {"publish_document", "delete_document", "add_kind", "change_issuingbody", "add_field"} <= perms[name]


def test_a_vocabulary_in_use_cannot_be_deleted():
    """A kind that documents use is protected."""
    make_document(kind="Chỉ thị")
    with pytest.raises(Exception, match="protected"):
        vocabulary("Kind", "Chỉ thị").delete()
