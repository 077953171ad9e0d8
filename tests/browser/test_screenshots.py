"""Full-page screenshots of the reader pages on a phone and a laptop, for a person to look at."""

import pytest

from tests.browser.helpers import DESKTOP, PHONE, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "home": lambda site: "/",
    "article": lambda site: site.article.get_absolute_url(),
    "poll-results": lambda site: site.poll.get_absolute_url(),
}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
@pytest.mark.parametrize("name", PAGES)
def test_screenshot_fits_the_window(page, reader_site, name):
    """The page is saved as a screenshot and nothing on it runs wider than the window (no sideways scrolling)."""
    page.goto(PAGES[name](reader_site))
    path = screenshot(page, name)
    assert path.stat().st_size > 0
    overflow = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            return Array.from(document.querySelectorAll('body *'))
                .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest('.main-nav ul'))
                .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).replaceAll(' ', '.')}`);
        }"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert not overflow, f"wider than the {page.viewport_size['width']} px window: {overflow[:10]}"
