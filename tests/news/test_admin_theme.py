"""The newsroom's look: the portal's stylesheet over Django's admin, its emblem, a labelled search box."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_every_admin_page_loads_the_portal_theme_after_djangos_styles(client):
    """The theme comes after Django's responsive.css (so it wins), and the emblem is the tab's icon."""
    page = client.get(reverse("admin:login")).content.decode()
    responsive = page.index("admin/css/responsive.css")
    assert page.index("css/newsroom-theme.css") > responsive
    assert page.index("css/newsroom.css") > responsive
    assert '<link rel="icon" href="/static/img/emblem.svg" type="image/svg+xml">' in page
    assert 'src="/static/img/emblem.svg"' in page


def test_theme_sets_djangos_variables_in_red_and_gold_light_and_dark():
    """The stylesheet redefines Django admin's colour variables for the light and the dark scheme."""
    css = open(finders.find("css/newsroom-theme.css"), encoding="utf-8").read()
    for variable in ("--primary:", "--secondary:", "--header-bg:", "--accent:", "--link-fg:", "--button-bg:"):
        assert variable in css, variable
    assert "#a50000" in css and "#ffd400" in css
    assert "@media (prefers-color-scheme: dark)" in css and 'html[data-theme="dark"]' in css


def test_search_box_has_a_visible_label(client):
    """The lists' search box is labelled with words, not only an icon."""
    client.force_login(make_user("bientap", "editor"))
    page = client.get(reverse("admin:news_article_changelist")).content.decode()
    assert '<label for="searchbar" class="newsroom-search-label">' in page
    assert "Từ khóa</label>" in page
