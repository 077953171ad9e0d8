"""Each role's start page in a real browser at 1366 and 390 px: readable, accessible, leading to the work."""

import pytest

from news.models import Article
from tests.browser.helpers import ADMIN, assert_accessible, expect, screenshot
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
DESKTOP_1366 = {"width": 1366, "height": 768}
Status = Article.Status


@pytest.mark.parametrize("viewport", [DESKTOP_1366, PHONE_390], ids=["1366px", "390px"])
def test_reporter_and_editor_each_start_with_their_own_work(staff_page, newsroom, viewport):
    """The reporter opens the article returned to them from their start page; the editor sees it in their queue."""
    returned = make_article(
        newsroom.section,
        title="Phường Hòa Bình ra quân vệ sinh môi trường",
        status=Status.RETURNED,
        published_at=None,
        created_by=newsroom.reporter,
        review_note="Bổ sung chú thích cho ảnh thứ hai.",
    )
    make_article(
        newsroom.section,
        title="Hội nghị sơ kết công tác xây dựng Đảng quý I",
        status=Status.REVIEW,
        published_at=None,
        created_by=newsroom.reporter,
    )
    width = viewport["width"]

    reporter = staff_page(newsroom.reporter)
    reporter.goto(ADMIN)
    returned_list = reporter.get_by_role("region", name="Bị trả lại cho bạn")
    expect(returned_list).to_contain_text("Bổ sung chú thích cho ảnh thứ hai.")
    expect(reporter.get_by_role("region", name="Đã gửi, đang chờ duyệt")).to_contain_text("Hội nghị sơ kết")
    expect(reporter.get_by_role("region", name="Cần duyệt")).to_have_count(0)
    assert reporter.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(reporter, f"admin-start-reporter-{width}")
    screenshot(reporter, "admin-start-reporter")
    returned_list.get_by_role("link", name=returned.title).click()
    expect(reporter.locator("#id_title")).to_have_value(returned.title)

    editor = staff_page(newsroom.editor)
    editor.goto(ADMIN)
    queue = editor.get_by_role("region", name="Cần duyệt")
    expect(queue.get_by_role("link", name="Hội nghị sơ kết công tác xây dựng Đảng quý I")).to_be_visible()
    expect(queue).to_contain_text("phongvien")
    expect(editor.get_by_role("region", name="Hẹn giờ")).to_contain_text("Không có bài nào được hẹn giờ.")
    assert editor.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(editor, f"admin-start-editor-{width}")
    screenshot(editor, "admin-start-editor")
