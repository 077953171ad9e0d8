"""An editor enters plan 133-KH/QU with its PDF and links it to an article; a reader finds it by
its number and by words without diacritics in the site search, follows it from the article, and
opens the PDF. At 1366 and 390 px."""

import re

import pytest

from documents.models import Document
from tests.browser.helpers import ADMIN, admin_message, assert_accessible, expect, press, screenshot
from tests.factories import make_article, pdf_file, vocabulary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
DESKTOP_1366 = {"width": 1366, "height": 900}


@pytest.mark.parametrize("viewport", [DESKTOP_1366, PHONE_390], ids=["1366px", "390px"])
def test_editor_links_a_document_to_an_article_and_a_reader_follows_it(staff_page, newsroom, page, viewport, tmp_path):
    vocabulary("Kind", "Kế hoạch")
    vocabulary("IssuingBody", "Ban Thường vụ Quận ủy")
    article = make_article(
        newsroom.section,
        title="Quận ủy triển khai công tác chuẩn bị Đại hội",
        body="<p>Thực hiện Kế hoạch số 133-KH/QU của Ban Thường vụ Quận ủy, các chi bộ tổ chức đại hội.</p>",
    )
    pdf = tmp_path / "ke-hoach-133.pdf"
    pdf.write_bytes(pdf_file("KẾ HOẠCH", ["Tổ chức Đại hội đại biểu Đảng bộ quận lần thứ XIII."]).read())

    # The editor enters the plan with its PDF and publishes it.
    editor = staff_page(newsroom.editor)
    editor.goto(f"{ADMIN}documents/document/add/")
    editor.get_by_label("Số/ký hiệu").fill("133-KH/QU")
    editor.get_by_label("Loại văn bản").select_option(label="Kế hoạch")
    editor.get_by_label("Cơ quan ban hành").select_option(label="Ban Thường vụ Quận ủy")
    editor.get_by_label("Ngày ban hành").fill("25/11/2019")
    editor.get_by_label("Trích yếu").fill("Kế hoạch tổ chức Đại hội đại biểu Đảng bộ quận lần thứ XIII")
    editor.locator("input#id_file").set_input_files(str(pdf))
    editor.get_by_role("checkbox", name="Xuất bản").check()
    press(editor, editor.locator("input[name=_save]"))
    expect(admin_message(editor)).to_be_visible()
    assert Document.objects.get().is_published

    # Then links it to the article from the article's form.
    editor.goto(f"{ADMIN}news/article/{article.pk}/change/")
    block = editor.locator("#document_citations-group")
    block.get_by_role("button", name=re.compile("Thêm một Văn bản trích dẫn")).click()
    row = block.locator("#document_citations-0")
    row.locator(".select2-selection").click()
    editor.locator(".select2-search__field").fill("133")
    editor.locator(".select2-results__option", has_text="133-KH/QU").click()
    assert editor.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible(editor, f"admin-article-citations-{viewport['width']}")
    press(editor, editor.locator("input[name=_continue]"))
    expect(admin_message(editor)).to_be_visible()

    # A reader finds it through the site search, by its number and by words without diacritics.
    for words in ["133-KH/QU", "dai hoi dai bieu dang bo"]:
        page.goto(f"/tim-kiem/?q={words}")
        found = page.get_by_role("region", name="Trong sổ văn bản")
        expect(found.get_by_role("link", name="Kế hoạch 133-KH/QU")).to_be_visible()
    assert_accessible(page, f"search-documents-found-{viewport['width']}")
    screenshot(page, "search-documents-found")

    # From the article: the number in its text is a link, and the box under it lists the plan.
    page.goto(article.get_absolute_url())
    expect(page.locator(".article-body a.document-link", has_text="133-KH/QU")).to_have_attribute(
        "href", "/van-ban/133-kh-qu/"
    )
    cited = page.get_by_role("region", name="Văn bản liên quan")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible(page, f"article-cited-documents-{viewport['width']}")
    screenshot(page, "article-cited-documents")
    cited.get_by_role("link", name="Kế hoạch 133-KH/QU").click()
    expect(page).to_have_url(re.compile(r"/van-ban/133-kh-qu/$"))
    citing = page.get_by_role("region", name="Bài viết trích dẫn văn bản này")
    expect(citing.get_by_role("link", name=article.title)).to_be_visible()
    assert_accessible(page, f"document-citing-articles-{viewport['width']}")

    # The PDF opens: a real PDF comes back.
    href = page.get_by_role("link", name="Tải về tệp PDF").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200 and response.body().startswith(b"%PDF")
