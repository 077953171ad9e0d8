"""The newsroom in a real browser: a reporter writes in CKEditor 5 and submits; an editor reviews and publishes.

Each person has their own browser context (their own cookies), as they would on their own computers:
the reporter, the editor and, at the end of the publishing journey, an anonymous reader.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from news.models import Article
from tests.browser.helpers import (
    ADMIN,
    BodyEditor,
    admin_message,
    assert_accessible,
    expect,
    log_in,
    photo_file,
    press,
    tab_to,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Hội nghị học tập, quán triệt Nghị quyết Đại hội Đảng bộ quận"
LEAD = "Sáng 28/11, Ban Thường vụ Quận ủy tổ chức hội nghị học tập, quán triệt Nghị quyết cho cán bộ chủ chốt."
HEADING = "Những nhiệm vụ trọng tâm năm 2026"
LINK_TEXT = "toàn văn Nghị quyết"
LINK_URL = "https://quanuy.example.vn/van-ban/nghi-quyet-dai-hoi"
BODY_CAPTION = "Đồng chí Bí thư Quận ủy phát biểu khai mạc hội nghị."
BODY_ALT = "Đồng chí Bí thư Quận ủy đứng phát biểu tại bục, phía sau là khẩu hiệu của hội nghị."
COVER_CAPTION = "Quang cảnh hội nghị học tập Nghị quyết."
PHOTO_CAPTION = "Các đại biểu dự hội nghị tại hội trường Quận ủy."
PHOTO_CREDIT = "Minh Đức"


def open_new_article(page, section):
    """The reporter's empty article form, with the title, section and lead filled in."""
    page.goto(f"{ADMIN}news/article/add/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_section").select_option(str(section.pk))
    page.locator("#id_lead").fill(LEAD)


def test_reporter_writes_in_ckeditor_editor_publishes_and_a_reader_finds_it(new_page, newsroom):
    """A reporter writes an article with a heading, a link and captioned photos and submits it; an editor
    publishes it from the review list; an anonymous reader finds it on the home page with its photo and
    reaches it with the keyboard, and the article shows the heading, the link and the captioned photos."""
    # The reporter, on their own computer.
    reporter = new_page()
    log_in(reporter, "phongvien")
    open_new_article(reporter, newsroom.section)
    body = BodyEditor(reporter)
    body.type_paragraph("Hội nghị được tổ chức theo hình thức trực tiếp kết hợp trực tuyến.")
    body.type_heading(HEADING)
    body.type_link("Cán bộ, đảng viên xem ", LINK_TEXT, LINK_URL)
    body.upload_image(photo_file("bi-thu-phat-bieu.jpg", (30, 90, 160)), alt=BODY_ALT, caption=BODY_CAPTION)
    reporter.locator("#id_cover_image").set_input_files(photo_file("quang-canh.jpg", (160, 40, 30)))
    reporter.locator("#id_cover_caption").fill(COVER_CAPTION)
    reporter.locator("#id_photos-0-image").set_input_files(photo_file("dai-bieu.jpg", (40, 130, 60)))
    reporter.locator("#id_photos-0-caption").fill(PHOTO_CAPTION)
    reporter.locator("#id_photos-0-credit").fill(PHOTO_CREDIT)
    # A reporter may submit, never publish: the button is not even offered.
    expect(reporter.get_by_role("button", name="Xuất bản / hẹn giờ")).to_have_count(0)
    press(reporter, reporter.get_by_role("button", name="Gửi duyệt"))
    expect(admin_message(reporter)).to_contain_text("Bài viết đã được gửi duyệt.")

    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.REVIEW
    assert article.created_by == newsroom.reporter
    assert f"<h2>{HEADING}</h2>" in article.body
    assert re.search(f'<a href="{re.escape(LINK_URL)}"[^>]*>{LINK_TEXT}</a>', article.body)
    assert re.search(r'<figure class="image"><img src="/media/uploads/[^"]+"[^>]*><figcaption>', article.body)
    assert f"<figcaption>{BODY_CAPTION}</figcaption>" in article.body
    assert f'alt="{BODY_ALT}"' in article.body
    assert article.cover_caption == COVER_CAPTION and article.cover_image
    assert list(article.photos.values_list("caption", flat=True)) == [PHOTO_CAPTION]

    # The editor, on another computer: the start page says an article awaits review.
    editor = new_page()
    log_in(editor, "bientap")
    editor.get_by_role("link", name=re.compile(r"^1 Chờ duyệt$")).click()
    editor.get_by_role("link", name=TITLE).click()
    expect(editor.locator(".ck-editor__editable h2")).to_have_text(HEADING)
    press(editor, editor.get_by_role("button", name="Xuất bản / hẹn giờ"))
    expect(admin_message(editor)).to_contain_text("Bài viết đã được xuất bản.")
    article.refresh_from_db()
    assert article.is_published()

    # An anonymous reader, with the keyboard alone, from the home page to the article.
    reader = new_page()
    reader.goto("/")
    card = reader.get_by_role("main").locator(".card").filter(has=reader.get_by_role("link", name=TITLE)).first
    cover = card.locator(".card-image img")
    cover.scroll_into_view_if_needed()
    expect(cover).to_be_visible()
    expect(cover).to_have_attribute("alt", COVER_CAPTION)
    expect(cover).to_have_js_property("complete", True)
    assert cover.evaluate("(img) => img.naturalWidth") > 0, "the cover photo did not load on the home page"
    link = card.get_by_role("link", name=TITLE)
    tab_to(reader, link)
    reader.keyboard.press("Enter")

    expect(reader).to_have_url(re.compile(re.escape(article.get_absolute_url()) + "$"))
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    article_body = reader.locator(".article-body")
    expect(article_body.get_by_role("heading", level=2)).to_have_text(HEADING)
    expect(article_body.get_by_role("link", name=LINK_TEXT)).to_have_attribute("href", LINK_URL)
    for caption, alt in ((BODY_CAPTION, BODY_ALT), (f"{PHOTO_CAPTION} ({PHOTO_CREDIT})", PHOTO_CAPTION)):
        figure = article_body.locator("figure").filter(has=reader.locator("figcaption", has_text=caption))
        expect(figure).to_have_count(1)
        figure.scroll_into_view_if_needed()
        expect(figure.locator("figcaption")).to_be_visible()
        expect(figure.locator("figcaption")).to_have_text(caption)
        image = figure.locator("img")
        expect(image).to_be_visible()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("(img) => img.naturalWidth") > 0, f"the photo above “{caption}” did not load"
        expect(image).to_have_attribute("alt", alt)
    # What the newsroom produced is as accessible as the pages made from fixtures.
    assert_accessible(reader, "article-written-in-the-newsroom")


def test_editor_returns_schedules_previews_and_restores_an_article(staff_page, newsroom):
    """A reporter submits an article illustrated through CKEditor's upload; the editor cannot return it without
    a note, returns it with one, schedules it by typing a Vietnamese date, previews it and restores the first
    version, which keeps the schedule."""
    reporter = staff_page(newsroom.reporter)
    console_errors = []
    reporter.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
    open_new_article(reporter, newsroom.section)
    body = BodyEditor(reporter)
    body.type_paragraph("Hội nghị diễn ra trang trọng.")
    body.upload_image(photo_file("anh-hoi-nghi.jpg", (20, 120, 40)))
    press(reporter, reporter.get_by_role("button", name="Gửi duyệt"))
    expect(admin_message(reporter)).to_contain_text("Bài viết đã được gửi duyệt.")
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.REVIEW
    # No alt text typed: the image is marked decorative (news/sanitize.py), never left without alt.
    assert re.search(r'<figure class="image"><img alt="" src="/media/uploads/', article.body)
    change_url = f"{ADMIN}news/article/{article.pk}/change/"

    # The editor tries to return it without a note, then with one.
    editor = staff_page(newsroom.editor)
    editor.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
    editor.goto(change_url)
    press(editor, editor.get_by_role("button", name="Trả lại tác giả"))
    expect(editor.locator(".errorlist")).to_contain_text("Hãy ghi rõ tác giả cần sửa gì")
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    editor.locator("#id_review_note").fill("Bổ sung chú thích cho ảnh.")
    press(editor, editor.get_by_role("button", name="Trả lại tác giả"))
    expect(admin_message(editor)).to_contain_text("trả lại tác giả")
    article.refresh_from_db()
    assert article.status == Article.Status.RETURNED and article.review_note == "Bổ sung chú thích cho ảnh."

    # The editor schedules it, typing the date the Vietnamese way (day/month/year).
    editor.goto(change_url)
    expect(editor.locator(".timezonewarning")).to_have_count(0)  # the editor's clock is in the portal's zone
    editor.locator("#id_published_at_0").fill("01/12/2030")
    editor.locator("#id_published_at_1").fill("08:00")
    press(editor, editor.get_by_role("button", name="Xuất bản / hẹn giờ"))
    expect(admin_message(editor)).to_contain_text("hẹn giờ")
    expect(admin_message(editor)).to_contain_text("01/12/2030 08:00")
    article.refresh_from_db()
    assert article.published_at == datetime(2030, 12, 1, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert article.is_scheduled()
    editor.goto(f"{ADMIN}news/article/?state=scheduled")
    expect(editor.locator("#result_list").get_by_role("link", name=TITLE)).to_be_visible()

    # Preview shows the reader's page with the uploaded image, to staff only.
    editor.goto(f"/xem-truoc/{article.pk}/")
    expect(editor.locator(".preview-banner")).to_be_visible()
    expect(editor.locator(".article-body figure.image img")).to_have_count(1)

    # The first version (the reporter's, as submitted) is restored from the history.
    editor.goto(f"{ADMIN}news/article/{article.pk}/history/")
    editor.locator("#change-history a").last.click()
    press(editor, editor.locator("input[name=_save]"))
    article.refresh_from_db()
    assert article.is_scheduled() and article.review_note == ""
    assert article.history.first().history_change_reason.startswith("Khôi phục phiên bản lúc")
    assert console_errors == []
