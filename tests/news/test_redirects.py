"""URLs that last: renamed or moved articles and renamed sections keep their old addresses."""

import pytest
from django.urls import reverse

from news.models import Article, Section, SectionSlugHistory
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def old_article_url(article, section_slug=None, slug=None):
    return reverse(
        "news:article",
        kwargs={"section": section_slug or article.section.slug, "slug": slug or article.slug, "pk": article.pk},
    )


def test_changed_article_slug_redirects_permanently(client):
    """After an editor changes the slug, the old address answers 301 to the new one."""
    article = make_article(title="Hội nghị sơ kết")
    old = article.get_absolute_url()
    article.slug = "hoi-nghi-so-ket-6-thang"
    article.save()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_article_moved_to_another_section_redirects_permanently(client):
    """After an article moves to another section, its old address answers 301 to the new one."""
    article = make_article(make_section("Kinh tế"))
    old = article.get_absolute_url()
    article.section = make_section("Văn hóa")
    article.save()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert "/van-hoa/" in response["Location"]


def test_renamed_and_moved_at_once_redirects_in_one_step(client):
    """Slug and section changed together: one 301, straight to the current address."""
    article = make_article(make_section("Kinh tế"), title="Tin cũ")
    old = article.get_absolute_url()
    article.section, article.slug = make_section("Văn hóa"), "tin-moi"
    article.save()
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


def test_unpublished_article_old_address_is_404(client):
    """An article taken down is not revealed through its old address."""
    article = make_article()
    old = article.get_absolute_url()
    article.slug, article.status = "da-go", Article.Status.UNPUBLISHED
    article.save()
    assert client.get(old).status_code == 404


def test_renamed_section_keeps_its_old_address(client):
    """After a section's slug changes, its old page answers 301 to the new one, page number kept."""
    section = make_section("Kinh tế – Đô thị")
    make_article(section)
    old = section.get_absolute_url()
    section.slug = "kinh-te"
    section.save()
    response = client.get(old + "?page=2")
    assert response.status_code == 301
    assert response["Location"] == "/chuyen-muc/kinh-te/?page=2"
    assert client.get(old).status_code == 301


def test_a_renamed_section_s_old_feed_address_redirects_to_its_feed(client):
    """Feed readers subscribed before a rename keep receiving the section's articles."""
    section = make_section("Kinh tế – Đô thị")
    make_article(section, title="Chỉnh trang vỉa hè")
    old_feed = reverse("news:section_feed", args=[section.slug])
    section.slug = "kinh-te"
    section.save()
    response = client.get(old_feed)
    assert response.status_code == 301
    assert response["Location"] == "/chuyen-muc/kinh-te/rss/"
    assert "Chỉnh trang vỉa hè" in client.get(response["Location"]).content.decode()
    assert client.get(reverse("news:section_feed", args=["khong-co"])).status_code == 404


def test_article_address_with_an_old_section_slug_redirects(client):
    """Article links made before the section was renamed lead to the article."""
    section = make_section("Kinh tế – Đô thị")
    article = make_article(section)
    old = article.get_absolute_url()
    section.slug = "kinh-te"
    section.save()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == f"/kinh-te/{article.slug}-{article.pk}.html"


def test_section_renamed_twice_redirects_every_old_slug_to_the_current_one(client):
    """a → b → c: both a and b lead straight to c."""
    section = make_section("A", slug="chuyen-muc-a")
    section.slug = "chuyen-muc-b"
    section.save()
    section.slug = "chuyen-muc-c"
    section.save()
    for old in ("chuyen-muc-a", "chuyen-muc-b"):
        response = client.get(reverse("news:section", args=[old]))
        assert response["Location"] == "/chuyen-muc/chuyen-muc-c/"


def test_a_live_section_wins_over_an_old_slug(client):
    """A new section may take a slug given up by another: its own page is shown, no redirect."""
    renamed = make_section("Cũ", slug="tin-tuc")
    renamed.slug = "tin-tuc-cu"
    renamed.save()
    make_section("Tin tức", slug="tin-tuc")
    response = client.get("/chuyen-muc/tin-tuc/")
    assert response.status_code == 200
    assert response.context["section"].name == "Tin tức"


def test_a_slug_given_up_again_points_to_the_last_section_that_had_it(client):
    """When another section later gives up the same slug, the old address follows it."""
    first = make_section("Một", slug="tin-tuc")
    first.slug = "mot"
    first.save()
    second = make_section("Hai", slug="tin-tuc")
    second.slug = "hai"
    second.save()
    assert SectionSlugHistory.objects.get(slug="tin-tuc").section == second
    assert client.get("/chuyen-muc/tin-tuc/")["Location"] == "/chuyen-muc/hai/"


def test_only_slug_changes_are_recorded(client):
    """Saving a section without changing its slug records nothing."""
    section = make_section("Văn hóa")
    section.name = "Văn hóa – Xã hội"
    section.save()
    assert not SectionSlugHistory.objects.exists()


def test_unknown_or_inactive_section_is_404(client):
    """An address no section ever had is 404; so is the old address of a switched-off section."""
    assert client.get("/chuyen-muc/khong-co/").status_code == 404
    section = make_section("Cũ")
    section.slug, section.is_active = "cu-2", False
    section.save()
    assert client.get("/chuyen-muc/cu/").status_code == 404
    assert Section.objects.filter(slug="cu-2").exists()
