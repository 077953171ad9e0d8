"""`make run`'s demo accounts: one per newsroom role, created once, never with DEBUG off."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from news.models import Article

pytestmark = pytest.mark.django_db


def seed(**options):
    out = io.StringIO()
    call_command("seed_demo", articles=1, stdout=out, **options)
    return out.getvalue()


def test_demo_creates_one_account_per_role_and_prints_logins(settings):
    """phongvien, bientap and quantri exist in their groups, staff but not superusers; logins are printed."""
    settings.DEBUG = True
    output = seed()
    users = {u.username: u for u in get_user_model().objects.prefetch_related("groups")}
    expected = {"phongvien": "Phóng viên", "bientap": "Biên tập viên", "quantri": "Quản trị"}
    for username, group in expected.items():
        user = users[username]
        assert user.is_staff and not user.is_superuser
        assert [g.name for g in user.groups.all()] == [group]
        assert user.check_password(f"{username}-demo-2026")
        assert f"user '{username}', password '{username}-demo-2026'" in output
    assert Article.objects.filter(status=Article.Status.REVIEW, created_by=users["phongvien"]).exists()
    assert any(a.is_scheduled() for a in Article.objects.filter(created_by=users["bientap"]))


def test_demo_accounts_are_idempotent(settings):
    """Running the demo twice changes nothing and keeps a password someone changed."""
    settings.DEBUG = True
    seed()
    user = get_user_model().objects.get(username="bientap")
    user.set_password("mat-khau-rieng-2026")
    user.save()
    articles = Article.objects.count()
    seed()
    assert get_user_model().objects.filter(username__in=["phongvien", "bientap", "quantri"]).count() == 3
    assert get_user_model().objects.get(username="bientap").check_password("mat-khau-rieng-2026")
    assert Article.objects.count() == articles


def test_demo_accounts_refused_with_debug_off(settings):
    """With DEBUG off the demo accounts are refused (their passwords are public)."""
    settings.DEBUG = False
    with pytest.raises(CommandError):
        seed()
    assert not get_user_model().objects.exists()


def test_the_printed_logins_point_where_the_portal_is_served(settings):
    """`make run PORT=8080` prints admin addresses on port 8080, not the default 8000."""
    settings.DEBUG = True
    output = seed(site_url="http://127.0.0.1:8080")
    assert f"http://127.0.0.1:8080/{settings.PORTAL_ADMIN_URL}" in output
    assert ":8000/" not in output
