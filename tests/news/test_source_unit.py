"""The source unit is stored bare: the article page puts it in parentheses, once."""

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse

from news.models import Article, Author, SiteSettings
from news.text import bare_source_unit
from tests.factories import make_article, make_section, make_user
from tests.newsroom import add_url, article_data

pytestmark = pytest.mark.django_db

UNIT = "Ban Tuyên giáo Quận ủy"


def shown_unit(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    return re.findall(r'<p class="source-unit">(.*?)</p>', page)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("(Ban Tuyên giáo Quận ủy)", UNIT),
        ("  ( Ban Tuyên giáo Quận ủy )  ", UNIT),
        ("((Ban Tuyên giáo Quận ủy))", UNIT),
        ("（Ban Tuyên giáo Quận ủy）", UNIT),  # full-width, from a Vietnamese IME
        ("(Ban Tuyên giáo Quận ủy", UNIT),
        ("Ban Tuyên giáo Quận ủy)", UNIT),
        ("Ban Dân vận (cũ)", "Ban Dân vận (cũ)"),
        ("(Ban A) và (Ban B)", "(Ban A) và (Ban B)"),
        ("()", ""),
        ("", ""),
    ],
)
def test_the_parentheses_typed_around_a_unit_are_dropped(typed, stored):
    assert bare_source_unit(typed) == stored


def test_typed_in_parentheses_in_the_article_form_the_page_shows_them_once(client):
    client.force_login(make_user("bientap", "editor"))
    section = make_section()
    author = Author.objects.create(name="Huyền Anh")
    data = article_data(section, authors=[author], source_unit="(Ban Tuyên giáo Quận ủy)")
    response = client.post(add_url(), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(title=data["title"])
    assert article.source_unit == UNIT
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED, published_at=article.created_at)
    assert shown_unit(client, article) == [f"({UNIT})"]


def test_a_unit_saved_in_code_is_stored_bare_too(client):
    """Imports and seeds save the model without the form: the model drops them as well."""
    article = make_article(source_unit="(Văn phòng Quận ủy)")
    article.refresh_from_db()
    assert article.source_unit == "Văn phòng Quận ủy"
    assert shown_unit(client, article) == ["(Văn phòng Quận ủy)"]


def test_the_default_unit_in_the_site_settings_is_stored_bare(client):
    client.force_login(make_user("quantri", "admin"))
    site = SiteSettings.load()
    fields = ["name", "short_name", "tagline", "address", "phone", "email", "footer_text"]
    data = {name: getattr(site, name) for name in fields}
    url = reverse("admin:news_sitesettings_change", args=[site.pk])
    response = client.post(url, {**data, "default_source_unit": "(Văn phòng Quận ủy)"})
    assert response.status_code == 302
    assert SiteSettings.objects.get().default_source_unit == "Văn phòng Quận ủy"
    # New articles propose it bare, so the page shows it in one pair of parentheses.
    client.force_login(make_user("bientap", "editor"))
    assert 'value="Văn phòng Quận ủy"' in client.get(add_url()).content.decode()


def test_a_default_unit_of_only_parentheses_is_a_vietnamese_error_and_keeps_the_old_one(client):
    client.force_login(make_user("quantri", "admin"))
    site = SiteSettings.load()
    fields = ["name", "short_name", "tagline", "address", "phone", "email", "footer_text"]
    data = {name: getattr(site, name) for name in fields}
    url = reverse("admin:news_sitesettings_change", args=[site.pk])
    response = client.post(url, {**data, "default_source_unit": "( )"})
    assert response.status_code == 200
    assert "Hãy gõ tên đơn vị; trang tự thêm dấu ngoặc." in response.content.decode()
    assert SiteSettings.objects.get().default_source_unit == UNIT


def test_the_migration_strips_the_units_already_stored(client):
    """Rows saved before the fix (written here past save(), as they were) are cleaned, others untouched."""
    wrapped = make_article()
    kept = make_article(source_unit="Ban Dân vận (cũ)")
    empty = make_article(source_unit="")
    Article.objects.filter(pk=wrapped.pk).update(source_unit="(Ban Tuyên giáo Quận ủy)")
    SiteSettings.load()
    SiteSettings.objects.update(default_source_unit="(Văn phòng Quận ủy)")
    migration = importlib.import_module("news.migrations.0025_source_unit_without_parentheses")
    migration.strip_parentheses(apps, None)
    units = dict(Article.objects.values_list("pk", "source_unit"))
    assert units == {wrapped.pk: UNIT, kept.pk: "Ban Dân vận (cũ)", empty.pk: ""}
    assert SiteSettings.objects.get().default_source_unit == "Văn phòng Quận ủy"
    assert shown_unit(client, wrapped) == [f"({UNIT})"]
