"""A reader's journey through the gallery: Ảnh from the menu, an album browsed with the keyboard
(arrows, Esc, focus back on the photo), then a video played and seeked; axe-core and screenshots
at 1366 and 390 px."""

import re
import shutil

import pytest
from django.core.management import call_command

from tests.browser.helpers import assert_accessible, expect, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed"),
]
VIEWPORTS = pytest.mark.parametrize(
    "viewport", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}], ids=["1366px", "390px"]
)


@pytest.fixture
def gallery(transactional_db):
    call_command("seed_gallery", verbosity=0)


def assert_fits(page):
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"wider than the {width} px window"


@VIEWPORTS
def test_reader_browses_an_album_with_the_keyboard_and_plays_a_video(page, gallery, viewport):
    width = viewport["width"]
    page.goto("/")
    menu_link = page.get_by_role("navigation", name="Chuyên mục").get_by_role("link", name="Ảnh")
    if menu_link.is_visible():
        menu_link.click()
    else:  # on a phone the menu folds away: the link is there, reached through the menu button
        expect(page.locator('nav.main-nav a[href="/anh/"]')).to_have_text("Ảnh")
        page.goto("/anh/")
    expect(page).to_have_url(re.compile(r"/anh/$"))
    assert_accessible(page, f"gallery-albums-{width}")
    assert_fits(page)
    screenshot(page, "gallery-albums")

    page.get_by_role("link", name=re.compile("Đại hội Đảng bộ quận")).click()
    # The viewer's script is deferred: a key pressed before it runs follows the plain link.
    page.wait_for_load_state("load")
    first = page.get_by_role("link", name="Mở ảnh 1/3")
    first.focus()
    page.keyboard.press("Enter")
    viewer = page.locator("dialog[data-viewer]")
    expect(viewer).to_be_visible()
    expect(viewer.locator("[data-viewer-count]")).to_have_text("1 / 3")
    page.keyboard.press("ArrowRight")
    expect(viewer.locator("[data-viewer-caption]")).to_contain_text("Đại biểu biểu quyết")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(viewer.locator("[data-viewer-count]")).to_have_text("3 / 3")
    assert_accessible(page, f"gallery-viewer-{width}")
    screenshot(page, "gallery-viewer")
    page.keyboard.press("Escape")
    expect(viewer).to_be_hidden()
    expect(page.get_by_role("link", name="Mở ảnh 3/3")).to_be_focused()
    assert_accessible(page, f"gallery-album-{width}")
    assert_fits(page)

    page.goto("/video/")
    page.get_by_role("link", name=re.compile("Lễ ra quân")).click()
    video = page.locator("video")
    video.evaluate("v => new Promise(ok => v.readyState >= 1 ? ok() : v.addEventListener('loadedmetadata', ok))")
    assert video.evaluate("v => v.duration") > 5
    video.evaluate("v => { v.muted = true; return v.play(); }")
    video.evaluate("v => new Promise(ok => { v.addEventListener('seeked', ok, {once: true}); v.currentTime = 4; })")
    assert video.evaluate("v => v.currentTime") >= 4
    assert video.evaluate("v => v.seekable.length && v.seekable.end(0)") > 5
    assert_accessible(page, f"gallery-video-{width}")
    assert_fits(page)
    screenshot(page, "gallery-video")
