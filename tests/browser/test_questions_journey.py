"""Hỏi đáp in Chromium: a citizen sends a question (solving the real anti-spam check), an editor
answers and publishes it in the admin, a reader finds it by a search typed without diacritics."""

import pytest

from documents.models import IssuingBody
from questions.models import Question, Topic
from tests.browser.helpers import ADMIN, BodyEditor, assert_accessible, expect, press, screenshot
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
TITLE = "Đăng ký tạm trú cho sinh viên thuê nhà"


def no_horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366", "390"])
def test_a_question_sent_answered_published_and_found(page, staff_page, viewport, transactional_db):
    Topic.objects.create(name="Thủ tục hành chính")
    body = IssuingBody.objects.create(name="Ủy ban nhân dân phường")
    width = viewport["width"]

    page.goto("/hoi-dap/gui-cau-hoi/")
    expect(page.get_by_role("heading", name="Gửi câu hỏi", exact=True)).to_be_visible()
    assert no_horizontal_overflow(page)
    screenshot(page, "questions-form")
    assert_accessible(page, f"questions-form-{width}")

    page.get_by_role("textbox", name="Họ và tên", exact=True).fill("Trần Thị Bình")
    page.get_by_role("textbox", name="Phường", exact=True).fill("Phường Phúc Xá")
    page.get_by_role("textbox", name="Điện thoại", exact=True).fill("0912 345 678")
    page.get_by_role("combobox", name="Chủ đề", exact=True).select_option(label="Thủ tục hành chính")
    page.get_by_role("textbox", name="Tiêu đề", exact=True).fill(TITLE)
    page.get_by_role("textbox", name="Câu hỏi", exact=True).fill(
        "Con tôi là sinh viên thuê nhà ở phường, đăng ký tạm trú ở đâu?"
    )
    page.get_by_label("Tôi đồng ý").check()
    page.wait_for_function("customElements.get('altcha-widget') !== undefined")
    with page.expect_navigation(url="**/hoi-dap/da-gui/"):
        page.get_by_role("button", name="Gửi câu hỏi").click()
    expect(page.get_by_role("heading", name="Cảm ơn, câu hỏi của bạn đã được gửi")).to_be_visible()
    question = Question.objects.get(title=TITLE)
    assert question.phone == "0912345678" and question.status == Question.Status.NEW

    # A superuser: the roles' groups do not survive the transactional tests' flush.
    editor = staff_page(make_user(f"bientap{width}", is_superuser=True))
    editor.goto(f"{ADMIN}questions/question/{question.pk}/change/")
    editor.get_by_label("Cơ quan trả lời").select_option(label=body.name)
    BodyEditor(editor).type_paragraph("Sinh viên đăng ký tạm trú tại Công an phường hoặc qua Cổng dịch vụ công.")
    editor.get_by_label("Trạng thái").select_option(label="Đã xuất bản")
    press(editor, editor.locator('input[name="_save"]'))
    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED and "Cổng dịch vụ công" in question.answer

    page.goto("/hoi-dap/")
    page.get_by_label("Từ khóa trong câu hỏi hoặc câu trả lời").fill("dang ky tam tru")
    page.get_by_role("search", name="Tìm trong hỏi đáp").get_by_role("button", name="Tìm kiếm").click()
    link = page.get_by_role("link", name=TITLE)
    expect(link).to_be_visible()
    assert no_horizontal_overflow(page)
    screenshot(page, "questions-search")
    assert_accessible(page, f"questions-search-{width}")
    link.click()
    expect(page.get_by_text("Cổng dịch vụ công")).to_be_visible()
    expect(page.get_by_text("Trần T. B.")).to_be_visible()
    assert "0912" not in page.content()
    assert no_horizontal_overflow(page)
    screenshot(page, "questions-detail")
    assert_accessible(page, f"questions-detail-{width}")
