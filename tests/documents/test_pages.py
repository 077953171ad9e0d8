"""The register's reader pages: the table and its filters, a document's page, its files, feed and sitemap."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from documents.models import Document
from tests.factories import make_document, make_section

pytestmark = pytest.mark.django_db


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def numbers(page):
    """The numbers in the register's table, in order."""
    return re.findall(r'<th scope="row" class="doc-number"><a href="[^"]+">([^<]+)</a>', page)


def test_the_menu_offers_documents_after_the_sections(client):
    """Every page's header has “Văn bản” after the sections; it is the current item on the register."""
    make_section("Tin tức")
    nav = re.search(r'<nav class="main-nav".*?</nav>', html(client.get("/")), re.S).group(0)
    items = re.findall(r"<li>(.*?)</li>", nav, re.S)
    documents = items.index('<a href="/van-ban/">Văn bản</a>')
    assert documents > max(i for i, item in enumerate(items) if "Tin tức" in item)
    assert '<a href="/van-ban/" aria-current="page">Văn bản</a>' in html(client.get("/van-ban/"))


def test_the_register_lists_published_documents_newest_first_in_three_columns(client):
    """Columns Số/ký hiệu, Trích yếu, Ban hành; newest first; a draft is not listed."""
    make_document(number="01-NQ/QU", kind="Nghị quyết", issued_on=date(2020, 9, 1))
    make_document(number="133-KH/QU", issued_on=date(2019, 11, 25))
    make_document(number="99-KH/QU", published=False)
    page = html(client.get("/van-ban/"))
    assert re.findall(r'<th scope="col">([^<]+)</th>', page) == ["Số/ký hiệu", "Trích yếu", "Ban hành"]
    assert numbers(page) == ["01-NQ/QU", "133-KH/QU"]
    assert "25/11/2019" in page and "2 văn bản." in page


def test_filters_combine_and_keep_their_state_in_the_address(client):
    """Kind + body + year + field + status narrow the list together; the form shows what is chosen."""
    make_document(number="133-KH/QU", field="Xây dựng Đảng", issued_on=date(2019, 11, 25))
    make_document(number="140-KH/QU", field="Xây dựng Đảng", issued_on=date(2020, 1, 5))
    make_document(number="01-NQ/QU", kind="Nghị quyết", field="Xây dựng Đảng", issued_on=date(2019, 3, 1))
    make_document(number="12-KH/BTGQU", body="Ban Tuyên giáo Quận ủy", issued_on=date(2019, 5, 1))
    make_document(number="7-KH/QU", status=Document.Status.EXPIRED, field="Xây dựng Đảng", issued_on=date(2019, 2, 1))
    params = {"loai": "ke-hoach", "co-quan": "ban-thuong-vu-quan-uy", "nam": "2019", "linh-vuc": "xay-dung-dang"}
    page = html(client.get("/van-ban/", params))
    assert numbers(page) == ["133-KH/QU", "7-KH/QU"]
    for value in params.values():
        assert f'<option value="{value}" selected>' in page
    page = html(client.get("/van-ban/", {**params, "tinh-trang": "het-hieu-luc"}))
    assert numbers(page) == ["7-KH/QU"] and '<option value="het-hieu-luc" selected>' in page
    assert numbers(html(client.get("/van-ban/", {"loai": "nghi-quyet"}))) == ["01-NQ/QU"]


def test_pages_keep_the_filters_in_their_links(client, settings):
    """With 25 plans of 2019, page 2 is linked with the filters, and holds the rest."""
    for n in range(25):
        make_document(number=f"{n + 1}-KH/QU", issued_on=date(2019, 1, 1 + n))
    page = html(client.get("/van-ban/", {"loai": "ke-hoach", "nam": "2019"}))
    assert len(numbers(page)) == 20
    assert 'href="?loai=ke-hoach&amp;nam=2019&amp;page=2"' in page
    assert len(numbers(html(client.get("/van-ban/", {"loai": "ke-hoach", "nam": "2019", "page": "2"})))) == 5


@pytest.mark.parametrize(
    "params",
    [{"page": "abc"}, {"page": "999"}, {"nam": "hai-nghin"}, {"loai": "khong-co"}, {"q": "x" * 5000}, {"q": "\"'<>"}],
)
def test_bad_parameters_give_the_page_never_an_error(client, params):
    """A page number, year or kind that means nothing: the register still answers 200."""
    make_document()
    assert '<h1 class="page-title">Văn bản</h1>' in html(client.get("/van-ban/", params))


def test_an_unknown_filter_is_said_to_be_ignored(client):
    """?loai=khong-co: the notice says a filter was ignored; the list is the whole register."""
    make_document(number="133-KH/QU")
    page = html(client.get("/van-ban/", {"loai": "khong-co"}))
    assert "Một số điều kiện lọc không hợp lệ và đã được bỏ qua." in page and numbers(page) == ["133-KH/QU"]


def test_the_document_page_has_its_metadata_its_pdf_and_its_size(client):
    """133-KH/QU's page: the metadata table, the PDF in an iframe of this site, a download link with its size."""
    make_document(
        number="133-KH/QU",
        signer="Bí thư Trần Minh Khoa",
        in_force_on=date(2019, 12, 1),
        field="Xây dựng Đảng",
        summary="Kế hoạch tổ chức đại hội đảng bộ các cấp nhiệm kỳ 2020 – 2025",
        text="Các chi bộ trực thuộc xây dựng kế hoạch chi tiết.",
    )
    page = html(client.get("/van-ban/133-kh-qu/"))
    meta = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>(.*?)</td></tr>', page))
    assert meta["Số/ký hiệu"] == "133-KH/QU"
    assert ">Kế hoạch</a>" in meta["Loại văn bản"] and ">Ban Thường vụ Quận ủy</a>" in meta["Cơ quan ban hành"]
    assert meta["Người ký"] == "Bí thư Trần Minh Khoa"
    assert "25/11/2019" in meta["Ngày ban hành"] and "01/12/2019" in meta["Ngày có hiệu lực"]
    assert "Còn hiệu lực" in meta["Tình trạng hiệu lực"]
    assert (
        '<iframe class="doc-viewer" src="/van-ban/133-kh-qu/xem.pdf" title="Toàn văn Kế hoạch 133-KH/QU (PDF)"' in page
    )
    assert 'href="/van-ban/133-kh-qu/tai-ve.pdf" download>Tải về tệp PDF</a>' in page
    assert re.search(r"\(PDF, [\d,]+\xa0KB, 1 trang\)", page)
    assert "Các chi bộ trực thuộc xây dựng kế hoạch chi tiết." in page


def test_replacement_is_shown_both_ways(client):
    """The old plan says it was replaced by the new one and links to it; the new one lists the old one."""
    new = make_document(number="20-KH/QU", issued_on=date(2021, 3, 1))
    make_document(number="133-KH/QU", replaced_by=new)
    old_page = html(client.get("/van-ban/133-kh-qu/"))
    assert 'Văn bản này đã được thay thế bởi <a href="/van-ban/20-kh-qu/">Kế hoạch 20-KH/QU</a>' in old_page
    assert "Đã được thay thế" in old_page
    new_page = html(client.get("/van-ban/20-kh-qu/"))
    assert '<a href="/van-ban/133-kh-qu/">Kế hoạch 133-KH/QU</a> (25/11/2019)' in new_page


def test_an_unpublished_replacement_is_not_shown(client):
    """A draft that will replace a plan is not named on the plan's page."""
    draft = make_document(number="21-KH/QU", published=False)
    make_document(number="133-KH/QU", replaced_by=draft)
    assert "21-KH/QU" not in html(client.get("/van-ban/133-kh-qu/"))


def test_a_draft_and_its_file_are_not_found(client):
    """An unpublished document: its page and every file address answer 404."""
    draft = make_document(published=False)
    for url in (draft.get_absolute_url(), draft.file_url(), draft.download_url(), draft.word_file_url()):
        assert client.get(url).status_code == 404, url


def test_the_pdf_is_served_for_the_page_and_for_download(client):
    """Inline for the iframe (framed by this site only), as an attachment for the link; 304 when unchanged."""
    document = make_document(number="133-KH/QU")
    inline = client.get(document.file_url())
    assert inline["Content-Type"] == "application/pdf"
    assert inline["Content-Disposition"] == 'inline; filename="133-kh-qu.pdf"'
    assert inline["X-Frame-Options"] == "SAMEORIGIN" and "frame-ancestors 'self'" in inline["Content-Security-Policy"]
    body = b"".join(inline.streaming_content)
    assert body.startswith(b"%PDF-") and len(body) == document.file_size
    download = client.get(document.download_url())
    assert download["Content-Disposition"] == 'attachment; filename="133-kh-qu.pdf"'
    assert download["X-Frame-Options"] == "DENY"
    assert client.get(document.file_url(), HTTP_IF_NONE_MATCH=inline["ETag"]).status_code == 304


def test_a_word_version_and_attachments_are_downloaded_with_their_types(client):
    """The DOCX version and a PDF attachment: each with its content type and a readable name."""
    from django.core.files.base import ContentFile

    from documents.models import Attachment
    from tests.documents.test_files import docx_bytes
    from tests.factories import pdf_file

    document = make_document(number="133-KH/QU")
    document.word_file.save("x.docx", ContentFile(docx_bytes()), save=False)
    document.word_file_size = 100
    document.save()
    attachment = Attachment(document=document, title="Phụ lục 1: Danh sách chi bộ", file_type="pdf", file_size=10)
    attachment.file.save("pl.pdf", pdf_file("PHỤ LỤC"))
    page = html(client.get(document.get_absolute_url()))
    assert "Tải về bản Word" in page and "Phụ lục 1: Danh sách chi bộ" in page
    word = client.get(document.word_file_url())
    assert word["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert word["Content-Disposition"] == 'attachment; filename="133-kh-qu.docx"'
    appendix = client.get(attachment.get_absolute_url())
    assert appendix["Content-Type"] == "application/pdf"
    assert appendix["Content-Disposition"] == 'attachment; filename="phu-luc-1-danh-sach-chi-bo.pdf"'


def test_a_file_missing_from_storage_is_a_404(client):
    """The row is there but the file was lost: 404, not 500."""
    document = make_document()
    document.file.storage.delete(document.file.name)
    assert client.get(document.file_url()).status_code == 404


def test_the_feed_lists_new_published_documents(client):
    """RSS: the newest published documents, titled with kind, number and summary; no draft."""
    make_document(number="133-KH/QU", summary="Kế hoạch tổ chức đại hội")
    make_document(number="99-KH/QU", published=False)
    response = client.get("/van-ban/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    titles = [item.findtext("title") for item in ET.fromstring(response.content).iter("item")]
    assert titles == ["Kế hoạch 133-KH/QU: Kế hoạch tổ chức đại hội"]
    assert 'href="/van-ban/rss/"' in html(client.get("/van-ban/"))


def test_the_sitemap_lists_published_documents_and_the_register(client):
    """/sitemap.xml names the register's two sitemaps; drafts are not listed."""
    shown = make_document(number="133-KH/QU")
    draft = make_document(number="99-KH/QU", published=False)
    index = html(client.get("/sitemap.xml"))
    assert "/sitemap-documents.xml" in index and "/sitemap-documents-pages.xml" in index
    pages = html(client.get("/sitemap-documents-pages.xml"))
    assert f"http://testserver{shown.get_absolute_url()}" in pages and draft.get_absolute_url() not in pages
    assert "http://testserver/van-ban/</loc>" in html(client.get("/sitemap-documents.xml"))
