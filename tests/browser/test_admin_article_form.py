"""The article form in a real browser at 1366 and 390 px: the byline in one block, authors picked there."""

import pytest

from news.models import Author
from tests.browser.helpers import ADMIN, admin_message, assert_accessible, expect, press, screenshot
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
DESKTOP_1366 = {"width": 1366, "height": 768}


@pytest.mark.parametrize("viewport", [DESKTOP_1366, PHONE_390], ids=["1366px", "390px"])
def test_editor_sets_the_whole_byline_in_one_block(staff_page, newsroom, viewport):
    """Credit kind, a second author found by typing, and the source unit, all in the byline block; saved in order."""
    article = make_article(newsroom.section, title="Hội nghị Ban Chấp hành Đảng bộ quận", authors=("Huyền Anh",))
    Author.objects.create(name="Minh Đức")
    editor = staff_page(newsroom.editor)
    editor.goto(f"{ADMIN}news/article/{article.pk}/change/")
    block = editor.get_by_role("group", name="Tác giả và nguồn tin")
    expect(block.get_by_label("Loại ghi công")).to_be_visible()
    expect(block.get_by_label("Đơn vị nguồn")).to_be_visible()

    block.get_by_label("Loại ghi công").select_option("Bài và ảnh")
    empty_row = block.locator("#articleauthor_set-1")
    empty_row.locator(".select2-selection").click()
    editor.locator(".select2-search__field").fill("Minh")
    editor.get_by_role("option", name="Minh Đức").click()
    empty_row.get_by_label("Thứ tự").fill("1")
    block.get_by_label("Đơn vị nguồn").fill("Văn phòng Quận ủy")
    width = viewport["width"]
    # (The hidden template row Django copies for "add another" is left out.)
    boxes = block.locator("tr.form-row:not(.empty-form) input:is([aria-label='Thứ tự'], [aria-label='Xóa'])").all()
    assert len(boxes) == 3  # two orders, one delete box (the new row has none)
    for box in boxes:
        bounds = box.bounding_box()
        assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= width, (
            f"an author's input is off screen at {width}"
        )
    assert editor.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(editor, f"admin-article-form-byline-{width}")
    screenshot(editor, "admin-article-form-byline")

    press(editor, editor.locator("input[name=_continue]"))
    expect(admin_message(editor)).to_be_visible()
    article.refresh_from_db()
    assert article.byline() == "Bài và ảnh: Huyền Anh, Minh Đức"
    assert article.source_unit == "Văn phòng Quận ủy"


@pytest.mark.parametrize("viewport", [DESKTOP_1366, PHONE_390], ids=["1366px", "390px"])
def test_editor_puts_a_photo_after_the_paragraph_they_choose(staff_page, newsroom, viewport):
    """The second photo is moved after the first paragraph from its "Sau đoạn thứ" box; the preview shows it there."""
    body = "".join(f"<p>Đoạn văn thứ {n} của bài.</p>" for n in range(1, 5))
    article = make_article(newsroom.section, title="Ra quân vệ sinh môi trường", body=body, photos=2)
    editor = staff_page(newsroom.editor)
    editor.goto(f"{ADMIN}news/article/{article.pk}/change/")
    box = editor.locator("#id_photos-1-after_paragraph")
    expect(box).to_have_attribute("placeholder", "tự động")
    box.fill("1")
    press(editor, editor.locator("input[name=_continue]"))
    expect(admin_message(editor)).to_be_visible()

    editor.goto(f"/xem-truoc/{article.pk}/")
    sequence = editor.locator(".article-body").evaluate(
        """(body) => Array.from(body.children).map((el) =>
            el.tagName === 'FIGURE' ? el.querySelector('figcaption').textContent.trim() : el.textContent.trim())"""
    )
    assert sequence[:3] == ["Đoạn văn thứ 1 của bài.", "Chú thích ảnh 1", "Chú thích ảnh 2"], sequence
    assert sequence[3:] == [f"Đoạn văn thứ {n} của bài." for n in range(2, 5)]
    assert editor.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(editor, "article-photo-placed")
