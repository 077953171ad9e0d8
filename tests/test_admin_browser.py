"""The newsroom in a real browser: write with CKEditor 5 and an image, submit, return, schedule, preview, restore."""

import io
import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from news.models import Article
from tests.factories import make_section
from tests.newsroom import make_user

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PASSWORD = "mat-khau-trinh-duyet-2026"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="needs Debian's chromium for Playwright"),
    # The live server needs committed data; the roles made by the migration are restored for it.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def newsroom_user(username, role):
    user = make_user(username, role)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_article_goes_through_the_newsroom_in_a_browser(browser, live_server, tmp_path):
    """A reporter writes with an uploaded image and submits; the editor returns, schedules, previews, restores."""
    section = make_section(name="Xây dựng Đảng")
    newsroom_user("phongvien", "reporter")
    newsroom_user("bientap", "editor")
    photo = tmp_path / "anh-hoi-nghi.jpg"
    out = io.BytesIO()
    Image.new("RGB", (900, 600), (20, 120, 40)).save(out, "JPEG")
    photo.write_bytes(out.getvalue())

    context = browser.new_context(timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    console_errors = []
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)

    def log_in(username):
        context.clear_cookies()
        page.goto(f"{live_server.url}/quan-tri/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        press("input[type=submit]")

    def message():
        return page.locator(".messagelist").inner_text()

    def press(selector):
        """Click a button that submits the form, and wait for the page it leads to."""
        with page.expect_navigation():
            page.click(selector)

    # The reporter writes, illustrates the body through CKEditor's upload, and submits.
    log_in("phongvien")
    page.goto(f"{live_server.url}/quan-tri/news/article/add/")
    page.fill("#id_title", "Hội nghị học tập Nghị quyết")
    page.select_option("#id_section", str(section.pk))
    page.fill("#id_lead", "Sáng nay, Đảng bộ quận tổ chức hội nghị học tập Nghị quyết.")
    page.locator(".ck-editor__editable").click()
    page.keyboard.type("Hội nghị diễn ra trang trọng.")
    with page.expect_file_chooser() as chooser:
        page.locator(".ck-file-dialog-button").first.click()
    chooser.value.set_files(str(photo))
    page.wait_for_selector(".ck-editor__editable img[src*='/media/uploads/']")
    press("button[value=submit]")
    assert "Bài viết đã được gửi duyệt." in message()
    article = Article.objects.get(title="Hội nghị học tập Nghị quyết")
    assert article.status == Article.Status.REVIEW
    assert '<figure class="image"><img src="/media/uploads/' in article.body
    change_url = f"{live_server.url}/quan-tri/news/article/{article.pk}/change/"

    # The editor tries to return it without a note, then with one.
    log_in("bientap")
    page.goto(change_url)
    press("button[value=return]")
    assert "Hãy ghi rõ tác giả cần sửa gì" in page.content()
    page.fill("#id_review_note", "Bổ sung chú thích cho ảnh.")
    press("button[value=return]")
    assert "trả lại tác giả" in message()

    # The editor schedules it, typing the date the Vietnamese way (day/month/year).
    page.goto(change_url)
    page.fill("#id_published_at_0", "01/12/2030")
    page.fill("#id_published_at_1", "08:00")
    press("button[value=publish]")
    assert "hẹn giờ" in message()
    article.refresh_from_db()
    assert article.published_at == datetime(2030, 12, 1, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    page.goto(f"{live_server.url}/quan-tri/news/article/?state=scheduled")
    assert "Hội nghị học tập Nghị quyết" in page.content()

    # Preview shows the reader's page with the uploaded image.
    page.goto(f"{live_server.url}/xem-truoc/{article.pk}/")
    assert page.locator(".preview-banner").is_visible()
    assert page.locator(".article-body figure.image img").count() == 1

    # The first version (the reporter's, as submitted) is restored from the history.
    page.goto(f"{live_server.url}/quan-tri/news/article/{article.pk}/history/")
    page.locator("#change-history a").last.click()
    press("input[name=_save]")
    article.refresh_from_db()
    assert article.is_scheduled() and article.review_note == ""
    assert article.history.first().history_change_reason.startswith("Khôi phục phiên bản lúc")
    assert console_errors == []
