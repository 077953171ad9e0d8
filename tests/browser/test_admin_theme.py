"""The newsroom in the portal's red and gold, with its emblem, light and dark, readable by everyone (axe-core)."""

import pytest

from tests.browser.helpers import ADMIN, assert_accessible, expect, screenshot
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RED_DARK = "rgb(122, 0, 0)"  # the header: --newsroom-red-dark
GOLD = "rgb(255, 212, 0)"  # the portal's name in it
PHONE_390 = {"width": 390, "height": 844}
DESKTOP_1366 = {"width": 1366, "height": 768}


def assert_portal_header(page):
    """The red header with its gold rule, the emblem loaded, the portal's name in gold."""
    header = page.locator("#header")
    expect(header).to_have_css("background-color", RED_DARK)
    expect(header).to_have_css("border-bottom-color", GOLD)
    emblem = page.locator(".newsroom-brand img")
    expect(emblem).to_have_attribute("src", "/static/img/emblem.svg")
    expect(emblem).to_have_js_property("complete", True)
    assert emblem.evaluate("(img) => img.naturalWidth") > 0, "the emblem did not load"
    expect(page.locator(".newsroom-brand span")).to_have_css("color", GOLD)


@pytest.mark.parametrize("viewport", [DESKTOP_1366, PHONE_390], ids=["1366px", "390px"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_login_page_in_the_portal_colours(new_page, scheme, viewport):
    """The login page carries the emblem and the portal's colours, in the light and the dark scheme."""
    page = new_page(color_scheme=scheme)
    page.goto(ADMIN)
    assert_portal_header(page)
    expect(page.locator("input[type=submit]")).to_have_css("background-color", "rgb(165, 0, 0)")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible(page, f"admin-login-{scheme}-{viewport['width']}")
    screenshot(page, f"admin-login-{scheme}")


@pytest.mark.parametrize("viewport", [DESKTOP_1366, PHONE_390], ids=["1366px", "390px"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_newsroom_pages_in_the_portal_colours(staff_page, newsroom, scheme, viewport):
    """The start page, the article list and an article's form, light and dark: the portal's header and no serious
    axe-core finding."""
    article = make_article(newsroom.section, title="Hội nghị Ban Chấp hành Đảng bộ quận", cover=True, photos=1)
    editor = staff_page(newsroom.editor)
    editor.emulate_media(color_scheme=scheme)
    width = viewport["width"]
    pages = {
        "index": ADMIN,
        "article-list": f"{ADMIN}news/article/?section__id__exact={article.section_id}",
        "article-form": f"{ADMIN}news/article/{article.pk}/change/",
    }
    for name, url in pages.items():
        editor.goto(url)
        assert_portal_header(editor)
        # Module titles sit on the header's red, never Django's blue.
        expect(editor.locator(".module h2, .module caption").first).to_have_css("background-color", RED_DARK)
        assert editor.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways"
        assert_accessible(editor, f"admin-{name}-{scheme}-{width}")
        screenshot(editor, f"admin-{name}-{scheme}")
