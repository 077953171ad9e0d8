"""The register's files are checked by content: real PDFs (fpdf2, Vietnamese text) pass, and a
corrupt, empty, encrypted, page-less, oversized or disguised file is refused in Vietnamese."""

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfWriter

from documents import files
from documents.forms import AttachmentForm, DocumentForm
from documents.models import Document, IssuingBody, Kind
from documents.pdfmaker import make_pdf
from tests.factories import image_file, pdf_file

TEXT = "Quán triệt, triển khai thực hiện Nghị quyết Đại hội đại biểu Đảng bộ quận lần thứ XXV."


def upload(content, name="van-ban.pdf"):
    return SimpleUploadedFile(name, content)


def docx_bytes(with_document=True):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if with_document:
            archive.writestr("word/document.xml", "<w:document><w:body>Kế hoạch</w:body></w:document>")
        else:
            archive.writestr("hinh/anh.txt", "không phải văn bản")
    return out.getvalue()


def pdf_without_pages():
    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


def refusal(check, uploaded):
    with translation.override("vi"), pytest.raises(files.ValidationError) as error:
        check(uploaded)
    return error.value.code, " ".join(error.value.messages)


def test_a_real_pdf_passes_with_its_pages_and_vietnamese_text():
    """A three-page PDF made with Vietnamese text: 3 pages, its size, and the text with its diacritics."""
    uploaded = pdf_file("KẾ HOẠCH số 133-KH/QU", [TEXT], pages=3)
    checked = files.check_pdf(uploaded)
    assert (checked.file_type, checked.page_count, checked.size) == ("pdf", 3, uploaded.size)
    assert "Nghị quyết Đại hội đại biểu Đảng bộ quận" in checked.text
    assert "133-KH/QU" in checked.text


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (b"", "empty", "Tệp “van-ban.pdf” trống, không có nội dung."),
        (make_pdf("KẾ HOẠCH", [TEXT])[:4000], "corrupt", "Không mở được tệp PDF: tệp bị hỏng hoặc không đầy đủ."),
        (b"%PDF-1.7\n" + bytes(range(256)) * 12, "corrupt", "Không mở được tệp PDF"),
        (make_pdf("KẾ HOẠCH", [TEXT], password="mat-khau"), "encrypted", "Tệp PDF có mật khẩu hoặc bị mã hóa"),
        (pdf_without_pages(), "no_pages", "Tệp PDF không có trang nào."),
        (image_file(fmt="PNG").read(), "not_pdf", "“van-ban.pdf” không phải là tệp PDF: nội dung của nó là ảnh PNG."),
        (image_file().read(), "not_pdf", "ảnh JPEG"),
        (docx_bytes(), "not_pdf", "văn bản Word (DOCX)"),
        (b"<!DOCTYPE html><html><body>Trang web</body></html>", "not_pdf", "trang web (HTML)"),
        ("Chỉ là chữ ".encode() * 30, "not_pdf", "dữ liệu không rõ loại"),
    ],
    ids=["empty", "truncated", "garbage", "encrypted", "no-pages", "png", "jpeg", "docx", "html", "text"],
)
def test_a_bad_pdf_is_refused_with_a_vietnamese_reason(content, code, message):
    """Each bad file named .pdf is refused, and the message says why, in Vietnamese."""
    found_code, found_message = refusal(files.check_pdf, upload(content))
    assert found_code == code
    assert message in found_message


def test_an_oversized_pdf_is_refused_before_it_is_read(settings):
    """Over DOCUMENTS_MAX_FILE_MB: refused with its size and the limit."""
    settings.DOCUMENTS_MAX_FILE_MB = 0.01
    code, message = refusal(files.check_pdf, pdf_file("KẾ HOẠCH", [TEXT] * 20))
    assert code == "too_large"
    assert message.startswith("Tệp nặng 0.") and message.endswith("MB, vượt quá giới hạn 0.01 MB.")


def test_word_files_are_checked_by_content_too():
    """A DOCX (a ZIP with word/document.xml) and a DOC (OLE2) pass; a plain ZIP or a PDF named .docx do not."""
    assert files.check_word(upload(docx_bytes(), "ban-word.docx")).file_type == "docx"
    assert files.check_word(upload(files.OLE2_MAGIC + bytes(600), "ban-word.doc")).file_type == "doc"
    code, message = refusal(files.check_word, upload(docx_bytes(with_document=False), "ban-word.docx"))
    assert code == "not_word" and "tệp nén ZIP" in message
    assert refusal(files.check_word, upload(make_pdf("x"), "ban-word.docx"))[0] == "not_word"


def test_attachments_take_pdf_and_word_and_nothing_else():
    """A PDF attachment is read like the document's; a PNG attachment is refused."""
    assert files.check_attachment(pdf_file("PHỤ LỤC", ["Danh sách chi bộ"])).page_count == 1
    assert files.check_attachment(upload(docx_bytes(), "phu-luc.docx")).file_type == "docx"
    code, message = refusal(files.check_attachment, upload(image_file(fmt="PNG").read(), "phu-luc.pdf"))
    assert code == "not_allowed" and "ảnh PNG" in message


@pytest.mark.django_db
def test_a_refused_file_leaves_nothing_stored(settings):
    """The form with a PNG renamed .pdf: a Vietnamese error on the file, no row, no file in the media folder."""
    data = {
        "number": "133-KH/QU",
        "kind": Kind.objects.get(name="Kế hoạch").pk,
        "issuing_body": IssuingBody.objects.get(name="Ban Thường vụ Quận ủy").pk,
        "issued_on": "2019-11-25",
        "summary": "Kế hoạch thực hiện Nghị quyết",
        "status": Document.Status.IN_FORCE,
    }
    with translation.override("vi"):
        form = DocumentForm(data, {"file": upload(image_file(fmt="PNG").read(), "ke-hoach.pdf")})
        assert not form.is_valid()
        assert "không phải là tệp PDF" in form.errors["file"][0]
    assert not Document.objects.exists()
    assert not (settings.MEDIA_ROOT / "documents").exists()


@pytest.mark.django_db
def test_an_accepted_file_is_stored_with_what_was_learnt():
    """The form with a real PDF named .PDF.bin: stored as .pdf, with its size, page count and text."""
    uploaded = pdf_file("KẾ HOẠCH", [TEXT], pages=2, name="Kế hoạch 133.bin")
    form = DocumentForm(
        {
            "number": "133-KH/QU",
            "kind": Kind.objects.get(name="Kế hoạch").pk,
            "issuing_body": IssuingBody.objects.get(name="Ban Thường vụ Quận ủy").pk,
            "issued_on": date(2019, 11, 25),
            "summary": "Kế hoạch thực hiện Nghị quyết",
            "status": Document.Status.IN_FORCE,
        },
        {"file": uploaded, "word_file": upload(docx_bytes(), "ke-hoach.docx")},
    )
    assert form.is_valid(), form.errors
    document = form.save()
    assert document.file.name.endswith(".pdf") and document.word_file.name.endswith(".docx")
    assert (document.page_count, document.file_size) == (2, uploaded.size)
    assert "Đại hội đại biểu" in document.text and document.word_file_size > 0


@pytest.mark.django_db
def test_an_attachment_form_keeps_the_type_it_found():
    """An attachment uploaded as “phu-luc.pdf” but holding a DOCX is kept as a DOCX."""
    form = AttachmentForm({"title": "Phụ lục 1", "order": 1}, {"file": upload(docx_bytes(), "phu-luc.pdf")})
    assert form.is_valid(), form.errors
    assert form.instance.file_type == "docx" and form.cleaned_data["file"].name == "phu-luc.docx"
