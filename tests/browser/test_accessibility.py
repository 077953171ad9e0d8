"""axe-core on the pages readers see: no serious or critical accessibility violation."""

import pytest
from django.urls import reverse

from tests.browser.helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# One line per page: its name in the report, and its address on the `reader_site` fixture's data.
PAGES = {
    "home": lambda site: reverse("news:home"),
    "section": lambda site: site.news.get_absolute_url(),
    "special-topic": lambda site: site.topic.get_absolute_url(),
    "article": lambda site: site.article.get_absolute_url(),
    "search": lambda site: reverse("news:search") + "?q=dai+hoi",
    "poll-results": lambda site: site.poll.get_absolute_url(),
    "poll-archive": lambda site: reverse("polls:archive"),
}


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violation(page, reader_site, name):
    """Readers using a screen reader, a keyboard or a magnifier can use the page (axe-core, WCAG 2.x AA)."""
    response = page.goto(PAGES[name](reader_site))
    assert response.ok
    assert_accessible(page, name)
