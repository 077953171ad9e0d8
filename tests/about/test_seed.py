"""seed_about: the demo introduction, made once."""

import pytest
from django.core.management import call_command

from about.models import AgencyLink, Department, EnglishPage, IntroPage, Leader

pytestmark = pytest.mark.django_db


def rows():
    return [m.objects.count() for m in (IntroPage, Leader, Department, EnglishPage, AgencyLink)]


def test_seed_makes_the_demo_introduction_once(client):
    """Run twice, it makes the pages, leaders, bodies, English page and 8–12 links once; the pages show them."""
    call_command("seed_about", verbosity=0)
    first = rows()
    call_command("seed_about", verbosity=0)
    assert rows() == first
    assert first[:4] == [2, 7, 5, 1] and 8 <= first[4] <= 12
    chart = IntroPage.objects.get(slug="so-do-to-chuc")
    assert chart.image_width == 1400 and chart.image_alt and "Ban Thường vụ" in chart.image_text
    assert client.get(chart.get_absolute_url()).status_code == 200
    assert "Trần Minh Khoa" in client.get("/gioi-thieu/lanh-dao/").content.decode()
    assert "Organisation Board" in client.get("/en/").content.decode()
    assert "https://hanoi.gov.vn" in client.get("/").content.decode()


def test_dry_run_changes_nothing():
    """--dry-run says what it would make and makes nothing."""
    call_command("seed_about", "--dry-run", verbosity=0)
    assert rows() == [0, 0, 0, 0, 0]
