"""Finding documents: by number and code (exact, then partial), by the words of the summary and of
the PDF's text, with or without diacritics, ranked; combined with the register's filters."""

import re
from datetime import date

import pytest

from documents import queries
from documents.models import Document
from tests.factories import make_document

pytestmark = pytest.mark.django_db


def found(q, documents=None):
    return [Document.objects.get(pk=pk).number for pk in queries.search(q, documents).ids]


@pytest.fixture
def register():
    make_document(
        number="133-KH/QU",
        summary="Kế hoạch tổ chức đại hội đảng bộ các cấp tiến tới Đại hội đại biểu Đảng bộ quận",
        issued_on=date(2019, 11, 25),
    )
    make_document(
        number="1133-KH/QU",
        summary="Kế hoạch tuyên truyền kỷ niệm ngày thành lập Đảng",
        issued_on=date(2023, 1, 5),
    )
    make_document(
        number="45-BC/QU",
        kind="Báo cáo",
        summary="Báo cáo sơ kết thực hiện Kế hoạch 133-KH/QU",
        text="Sau một năm thực hiện Kế hoạch 133-KH/QU, các chi bộ đã hoàn thành đại hội.",
        issued_on=date(2020, 12, 1),
    )
    make_document(
        number="12-HD/BTGQU",
        kind="Hướng dẫn",
        body="Ban Tuyên giáo Quận ủy",
        summary="Hướng dẫn công tác tuyên truyền",
        text="Đẩy mạnh chuyển đổi số trong công tác tuyên truyền; ứng dụng nền tảng số ở khu dân cư.",
        issued_on=date(2021, 4, 2),
    )
    make_document(number="7-KH/QU", summary="Kế hoạch đại hội (bản nháp)", published=False)


def test_the_exact_number_and_code_comes_first(register):
    """“133-KH/QU”: the plan itself first, then the report that cites it; never the draft."""
    assert found("133-KH/QU")[:2] == ["133-KH/QU", "45-BC/QU"]
    assert "7-KH/QU" not in found("7-KH/QU")


@pytest.mark.parametrize("typed", ["133-kh/qu", "133 KH/QU", " 133 – KH / QU ", "133/KH-QU"])
def test_the_code_is_found_however_it_is_typed(register, typed):
    """Lower case, spaces, another dash: still 133-KH/QU first."""
    assert found(typed)[0] == "133-KH/QU"


def test_a_partial_number_finds_the_code_with_that_part(register):
    """“133”: 133-KH/QU (its part 133), then the report citing it; not 1133-KH/QU (another number)."""
    assert found("133") == ["133-KH/QU", "45-BC/QU"]


def test_a_number_inside_a_part_is_found_when_nothing_else_is(register):
    """“113”: no code has that part, no text that word: the codes holding it, 1133-KH/QU."""
    assert found("113") == ["1133-KH/QU"]


def test_a_partial_code_finds_every_document_of_that_code(register):
    """“KH/QU”: every plan of the committee, not the guidance of another body."""
    assert set(found("KH/QU")) == {"133-KH/QU", "1133-KH/QU", "45-BC/QU"}
    assert "12-HD/BTGQU" not in found("KH/QU")


@pytest.mark.parametrize("typed", ["đại hội đảng bộ", "dai hoi dang bo", "DAI HOI", "Đại Hội"])
def test_words_of_the_summary_with_or_without_diacritics(register, typed):
    """“dai hoi dang bo” finds “Đại hội … Đảng bộ” as surely as with its diacritics."""
    assert found(typed)[0] == "133-KH/QU"


def test_words_of_the_pdf_text_are_found(register):
    """“chuyen doi so”, only in the guidance's PDF text, finds it."""
    assert found("chuyen doi so") == ["12-HD/BTGQU"]


def test_the_summary_weighs_more_than_the_pdf_text(register):
    """“chi bộ đại hội”: the plan whose summary has the words ranks above the report with them in its text."""
    assert found("dai hoi")[:1] == ["133-KH/QU"]


def test_no_document_with_every_word_offers_near_misses(register):
    """“tuyen truyen xyzabc”: nothing has both, so the documents with “tuyên truyền” are offered."""
    results = queries.search("tuyen truyen xyzabc")
    assert results.near_misses and {"1133-KH/QU", "12-HD/BTGQU"} == set(found("tuyen truyen xyzabc"))


def test_search_and_filters_combine(register, client):
    """?q=ke hoach&co-quan=ban-tuyen-giao-quan-uy finds only the guidance of that body."""
    page = client.get("/van-ban/", {"q": "tuyen truyen", "co-quan": "ban-tuyen-giao-quan-uy"}).content.decode()
    assert re.findall(r'class="doc-number"><a href="[^"]+">([^<]+)<', page) == ["12-HD/BTGQU"]
    assert '<option value="ban-tuyen-giao-quan-uy" selected>' in page and 'value="tuyen truyen"' in page


def test_the_register_page_marks_the_words_and_shows_a_snippet_of_the_pdf(register, client):
    """Search “chuyen doi so”: the count, the words marked in the snippet from the PDF's text."""
    page = client.get("/van-ban/", {"q": "chuyen doi so"}).content.decode()
    assert "Tìm thấy 1 văn bản cho “chuyen doi so”." in page
    assert "<mark>chuyển</mark> <mark>đổi</mark> <mark>số</mark>" in page


def test_the_search_box_of_the_header_stays_the_sites(register, client):
    """The register's own query is not put in the header's search box (that one searches articles)."""
    page = client.get("/van-ban/", {"q": "133"}).content.decode()
    assert 'id="q-header" type="search" name="q" placeholder="Tìm kiếm…" maxlength="200" value=""' in page


def test_nothing_found_says_so(register, client):
    """A query nothing matches: a Vietnamese hint to try the number alone."""
    page = client.get("/van-ban/", {"q": "khong co gi het"}).content.decode()
    assert "Không tìm thấy văn bản phù hợp." in page


def test_an_empty_or_symbol_only_query_finds_nothing():
    """Blank, spaces or punctuation: no result, no error."""
    make_document()
    for q in ("", "   ", "///", "---", '"'):
        assert queries.search(q).ids == []


def test_a_very_common_query_is_capped_and_says_so(client, monkeypatch):
    """More matches than are ranked: the page says the newest best are shown, and asks for more words."""
    monkeypatch.setattr(queries, "RANKED_WINDOW", 3)
    for n in range(5):
        make_document(number=f"{n + 1}-KH/QU", summary=f"Kế hoạch công tác tuyên truyền số {n}")
    results = queries.search("tuyen truyen")
    assert results.capped and len(results) == 3
    page = client.get("/van-ban/", {"q": "tuyen truyen"}).content.decode()
    assert "Có rất nhiều văn bản phù hợp với “tuyen truyen”" in page
