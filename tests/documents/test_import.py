"""The back catalogue imported from a CSV or XLSX register: accepted rows saved with their checked
PDFs, every refused row reported by line in Vietnamese and leaving nothing, a dry run saving
nothing, and the admin page only for those who may add documents."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from documents.importer import PdfFolder, import_register
from documents.models import Document
from documents.pdfmaker import make_pdf
from tests.factories import make_document, make_user

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Số/ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Người ký", "Ngày ban hành",
    "Ngày hiệu lực", "Trích yếu", "Lĩnh vực", "Tình trạng", "Tệp PDF",
]  # fmt: skip
GOOD = ["133-KH/QU", "Kế hoạch", "Ban Thường vụ Quận ủy", "Bí thư Trần Minh Khoa", "25/11/2019",
        "", "Kế hoạch thực hiện Chỉ thị về đại hội đảng bộ các cấp", "", "Còn hiệu lực", "133.pdf"]  # fmt: skip


def row(**changes):
    values = dict(zip(HEADINGS, GOOD, strict=True))
    values.update(changes)
    return [values[h] for h in HEADINGS]


def csv_bytes(rows, delimiter=",", bom=False):
    lines = [delimiter.join(f'"{v}"' for v in values) for values in [HEADINGS, *rows]]
    text = "\r\n".join(lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode()


@pytest.fixture
def pdf_dir(tmp_path):
    folder = tmp_path / "pdf"
    folder.mkdir()
    for name in ("133.pdf", "134.pdf"):
        (folder / name).write_bytes(make_pdf("KẾ HOẠCH", [f"Văn bản {name}"]))
    (folder / "anh.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    return folder


def refusal_of(changes, pdf_dir):
    before = Document.objects.count()
    report = import_register(csv_bytes([row(**changes)]), PdfFolder(pdf_dir))
    assert not report.accepted and Document.objects.count() == before
    ((line, reasons),) = report.refused
    assert line == 2
    return " ".join(reasons)


@pytest.mark.parametrize("delimiter,bom", [(",", False), (";", True)])
def test_csv_rows_are_imported_with_their_pdfs(pdf_dir, delimiter, bom):
    second = row(**{"Số/ký hiệu": "15-NQ/QU", "Loại văn bản": "nghị quyết", "Tệp PDF": "134.pdf"})
    report = import_register(csv_bytes([row(), second], delimiter, bom), PdfFolder(pdf_dir))
    assert report.refused == [] and [n for _l, n in report.accepted] == ["133-KH/QU", "15-NQ/QU"]
    document = Document.objects.get(number="133-KH/QU")
    assert (document.kind.name, str(document.issued_on), document.is_published) == ("Kế hoạch", "2019-11-25", False)
    assert document.page_count == 1 and "133.pdf" in document.text and document.file.read(5) == b"%PDF-"
    assert Document.objects.get(number="15-NQ/QU").kind.name == "Nghị quyết"


def test_xlsx_rows_are_imported_and_published_on_request(pdf_dir):
    book = Workbook()
    book.active.append(HEADINGS)
    book.active.append(row())
    out = io.BytesIO()
    book.save(out)
    report = import_register(out.getvalue(), PdfFolder(pdf_dir), publish=True)
    assert report.refused == [] and report.accepted == [(2, "133-KH/QU")]
    assert Document.objects.published().get().signer == "Bí thư Trần Minh Khoa"


@pytest.mark.parametrize(
    "changes,reason",
    [
        ({"Loại văn bản": "Công văn lạ"}, "Loại văn bản “Công văn lạ” không có trong danh mục."),
        ({"Cơ quan ban hành": "Sở Không Có"}, "Cơ quan ban hành “Sở Không Có” không có trong danh mục."),
        ({"Lĩnh vực": "Vũ trụ"}, "Lĩnh vực “Vũ trụ” không có trong danh mục."),
        ({"Ngày ban hành": "2019-11-25"}, "Ngày ban hành “2019-11-25” không phải ngày dạng dd/mm/yyyy."),
        ({"Ngày hiệu lực": "01/01/2019"}, "Ngày hiệu lực: Ngày có hiệu lực không thể trước ngày ban hành."),
        ({"Trích yếu": ""}, "Trích yếu:"),
        ({"Tình trạng": "Đang xem"}, "Tình trạng “Đang xem” không thuộc:"),
        ({"Tệp PDF": ""}, "không ghi tệp PDF"),
        ({"Tệp PDF": "khong-co.pdf"}, "Không tìm thấy tệp PDF “khong-co.pdf”."),
        ({"Tệp PDF": "../133.pdf"}, "Không tìm thấy tệp PDF “../133.pdf”."),
        ({"Tệp PDF": "anh.pdf"}, "không phải là tệp PDF"),
    ],
)
def test_each_refusal_is_reported_in_vietnamese_and_stores_nothing(pdf_dir, changes, reason):
    assert reason in refusal_of(changes, pdf_dir)


def test_the_same_number_of_the_same_body_is_refused_in_the_database_and_in_the_file(pdf_dir):
    make_document(number="133-KH/QU")
    assert "đã có văn bản số 133-KH/QU" in refusal_of({}, pdf_dir)
    Document.objects.all().delete()
    report = import_register(csv_bytes([row(), row()]), PdfFolder(pdf_dir), dry_run=True)
    assert report.accepted == [(2, "133-KH/QU")] and report.refused[0][0] == 3
    assert "ở một dòng trước" in report.refused[0][1][0]


def test_a_dry_run_saves_nothing_and_reports_the_same(pdf_dir, settings):
    content = csv_bytes([row(), row(**{"Loại văn bản": "Lạ"})])
    dry = import_register(content, PdfFolder(pdf_dir), dry_run=True)
    assert Document.objects.count() == 0 and not list(settings.MEDIA_ROOT.glob("**/*.pdf"))
    real = import_register(content, PdfFolder(pdf_dir))
    assert (dry.accepted, dry.refused) == (real.accepted, real.refused)
    assert dry.lines()[0].startswith("Chạy thử: chưa lưu gì.")
    assert Document.objects.count() == 1


def test_the_command_prints_the_report(pdf_dir, tmp_path, capsys):
    path = tmp_path / "so.csv"
    path.write_bytes(csv_bytes([row(), row(**{"Tệp PDF": ""})], ";"))
    call_command("import_documents", str(path), "--pdf-dir", str(pdf_dir), "--dry-run")
    out = capsys.readouterr().out
    assert "1 dòng sẽ được nhập, 1 dòng bị từ chối" in out and "Dòng 3:" in out
    assert Document.objects.count() == 0


def test_a_user_without_add_document_is_refused_the_page(client):
    client.force_login(make_user("khach"))
    assert client.get(reverse("admin:documents_document_import")).status_code == 403


def test_the_admin_page_in_vietnamese_imports_with_uploaded_pdfs(client):
    client.force_login(make_user("phongvien", "reporter"))
    changelist = client.get(reverse("admin:documents_document_changelist")).content.decode()
    assert reverse("admin:documents_document_import") in changelist and "Nhập sổ văn bản" in changelist
    page = client.get(reverse("admin:documents_document_import")).content.decode()
    assert "Nhập sổ văn bản" in page and "Chạy thử" in page and 'name="publish"' not in page

    def post(dry_run):
        data = {
            "register": SimpleUploadedFile("so.csv", csv_bytes([row(), row(**{"Cơ quan ban hành": "Lạ"})])),
            "pdfs": [SimpleUploadedFile("133.pdf", make_pdf("KẾ HOẠCH", ["Văn bản"]))],
        }
        if dry_run:
            data["dry_run"] = "on"
        return client.post(reverse("admin:documents_document_import"), data).content.decode()

    dry = post(dry_run=True)
    assert "1 dòng sẽ được nhập, 1 dòng bị từ chối" in dry and "Dòng 3:" in dry and Document.objects.count() == 0
    assert "1 dòng đã được nhập, 1 dòng bị từ chối" in post(dry_run=False)
    assert Document.objects.get().is_published is False


@pytest.mark.parametrize(
    "content", [make_pdf("KẾ HOẠCH", ["x"]), b"PK\x03\x04 not a workbook", b"\xff\xfe\x00b\x00a\x00d", b"a,b\r\n1,2"]
)
def test_the_admin_refuses_a_file_that_is_not_a_register(client, content):
    client.force_login(make_user("phongvien", "reporter"))
    data = {"register": SimpleUploadedFile("so.xlsx", content), "dry_run": "on"}
    response = client.post(reverse("admin:documents_document_import"), data)
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert Document.objects.count() == 0
