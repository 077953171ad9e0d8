import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from news.models import Article, Photo, Section

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        Section.objects.count(),
        Article.objects.count(),
        Photo.objects.count(),
        sorted(Article.objects.values_list("slug", "view_count")),
        get_user_model().objects.count(),
    )


def test_demo_content_is_complete_and_idempotent(settings):
    """The demo loads illustrated Vietnamese articles with every part, and a second run changes nothing."""
    settings.DEBUG = True  # the demo accounts are for development only
    call_command("seed_demo", articles=8, verbosity=0)
    first = snapshot()
    call_command("seed_demo", articles=8, verbosity=0)
    assert snapshot() == first
    assert Section.objects.count() >= 6 and Section.objects.filter(is_special_topic=True).exists()
    assert Article.objects.published().count() == 8
    for article in Article.objects.prefetch_related("photos", "authors"):
        assert article.lead and article.body.count("<p>") >= 4 and article.source_unit
        assert 1 <= article.photos.count() <= 3 and all(p.caption for p in article.photos.all())
        assert article.byline() and article.cover_image
    assert get_user_model().objects.filter(is_staff=True).exists()


def test_dry_run_changes_nothing(capsys):
    """--dry-run says what it would create and creates nothing."""
    call_command("seed_demo", articles=5, dry_run=True)
    assert Article.objects.count() == 0
    assert "5 articles would be created" in capsys.readouterr().out


def test_demo_accounts_are_refused_in_production():
    """With DEBUG off the command refuses to create demo accounts with a known password."""
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo", articles=1, verbosity=0)
