from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Article, SiteSettings
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_future_articles():
    """Readers see published articles whose time has come, nothing else."""
    visible = make_article(days=1)
    make_article(days=1, status=Article.Status.DRAFT)
    make_article(days=1, status=Article.Status.REVIEW)
    make_article(days=1, status=Article.Status.UNPUBLISHED)
    scheduled = make_article(days=-1)
    assert list(Article.objects.published()) == [visible]
    assert scheduled.is_scheduled() and not scheduled.is_published()


def test_scheduled_article_appears_when_its_time_comes(time_machine):
    """A scheduled article becomes visible by itself, with no job running."""
    article = make_article(published_at=timezone.now() + timedelta(hours=2))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    time_machine.move_to(timezone.now() + timedelta(hours=3))
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_slugs_are_made_from_vietnamese_titles_and_stay_unique():
    """Two articles with the same title get distinct, transliterated slugs."""
    section = make_section("Xây dựng Đảng")
    first = make_article(section=section, title="Đại hội Đảng bộ phường Đông Hưng")
    second = make_article(section=section, title="Đại hội Đảng bộ phường Đông Hưng")
    assert section.slug == "xay-dung-dang"
    assert first.slug == "dai-hoi-dang-bo-phuong-dong-hung"
    assert second.slug == "dai-hoi-dang-bo-phuong-dong-hung-2"


def test_body_is_sanitized_on_save():
    """Scripts and event handlers never reach the database."""
    article = make_article(body='<p onclick="steal()">Tin<script>alert(1)</script></p><a href="javascript:x">l</a>')
    article.refresh_from_db()
    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert "<p>Tin</p>" in article.body


def test_photos_get_renditions(settings):
    """A saved photo has WebP and JPEG renditions at several widths."""
    article = make_article(photos=1)
    photo = article.photos.get()
    srcset = photo.srcset("webp")
    assert "320w" in srcset and "640w" in srcset and "800w" not in srcset
    for width in (320, 640):
        for ext in ("webp", "jpg"):
            name = photo.image.name.rsplit(".", 1)[0]
            assert (settings.MEDIA_ROOT / "renditions" / f"{name}-w{width}.{ext}").exists()


def test_byline_lists_authors_in_order():
    """The byline reads 'Tin, ảnh: A, B' in the editors' order."""
    article = make_article(authors=("Huyền Anh", "Minh Đức"))
    assert article.byline() == "Tin, ảnh: Huyền Anh, Minh Đức"


def test_site_settings_is_a_single_row():
    """The portal's identity is one editable row, whatever is saved."""
    SiteSettings(name="Cổng thông tin Quận ủy A").save()
    SiteSettings(name="Cổng thông tin Quận ủy B").save()
    assert SiteSettings.objects.count() == 1
    assert SiteSettings.load().name == "Cổng thông tin Quận ủy B"


def test_editor_images_always_have_a_text_alternative():
    """A photo put in the body without alt text is described by its caption (or marked decorative)."""
    article = make_article(
        body='<figure class="image"><img src="/media/a.jpg"><figcaption>Đồng chí Bí thư phát biểu</figcaption>'
        '</figure><p><img src="/media/b.jpg"></p>'
    )
    assert '<img alt="Đồng chí Bí thư phát biểu" src="/media/a.jpg">' in article.body
    assert '<img alt="" src="/media/b.jpg">' in article.body
