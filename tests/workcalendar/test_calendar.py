"""The work calendar: publication, the week page, adjustments, the .ics feeds, queries, roles."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from icalendar import Calendar

from tests.factories import make_entry, make_leader, make_user, make_week
from workcalendar.models import LOCAL

pytestmark = pytest.mark.django_db


def test_readers_see_only_published_weeks(client):
    """A draft week is a 404; once published it is shown."""
    week = make_week(published=False)
    make_entry(week, content="Hội nghị Ban Thường vụ Quận ủy")
    assert client.get(week.get_absolute_url()).status_code == 404
    week.publish()
    assert "Hội nghị Ban Thường vụ Quận ủy" in client.get(week.get_absolute_url()).content.decode()


def test_week_page_shows_days_periods_and_today(client):
    """Days read "Thứ Hai, dd/mm/yyyy", with Sáng/Chiều groups and today marked."""
    today = datetime.date.today()
    week = make_week(today)
    make_entry(week, day=week.monday, starts_at="08:00", content="Làm việc với Đảng ủy phường")
    make_entry(week, day=today, starts_at="14:00", content="Tiếp công dân định kỳ")
    body = client.get("/lich-cong-tac/").content.decode()
    assert f"Thứ Hai, {week.monday:%d/%m/%Y}" in body
    assert "Sáng" in body and "Chiều" in body and "14:00" in body
    assert "wc-today" in body and "(Hôm nay)" in body


def test_previous_and_next_weeks(client):
    """The page links to the published weeks around it."""
    this = make_week()
    last = make_week(this.monday - datetime.timedelta(days=7))
    body = client.get(this.get_absolute_url()).content.decode()
    assert last.get_absolute_url() in body and "Tuần trước" in body
    assert this.get_absolute_url() in client.get(last.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "url", ["/lich-cong-tac/2026/tuan-99/", "/lich-cong-tac/2026/tuan-0/", "/lich-cong-tac/2026/tuan-99.ics"]
)
def test_bad_weeks_are_404(client, url):
    """A week that cannot exist is a 404, not a 500."""
    assert client.get(url).status_code == 404


def test_adjustment_after_publication(client):
    """Changing a published entry marks it adjusted, bumps its sequence and keeps the old values."""
    week = make_week()
    entry = make_entry(week, place="Phòng họp số 1")
    assert entry.adjusted_at is None
    entry.place = "Hội trường Quận ủy"
    entry.save()
    assert entry.sequence == 1 and entry.adjusted_at
    assert entry.history.earliest().place == "Phòng họp số 1"
    assert "Điều chỉnh lúc" in client.get(week.get_absolute_url()).content.decode()


def test_validation_in_vietnamese():
    """A day outside the week and an end before the start are refused with Vietnamese messages."""
    week = make_week()
    entry = make_entry(week)
    entry.day = week.monday - datetime.timedelta(days=1)
    entry.ends_at = datetime.time(7, 0)
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "Ngày phải nằm trong tuần" in str(error.value)
    assert "Giờ kết thúc phải sau giờ bắt đầu" in str(error.value)


def test_ics_feeds_parse(client):
    """The week and whole-calendar feeds are text/calendar with stable UIDs and SEQUENCE."""
    week = make_week()
    leader = make_leader(name="Nguyễn Văn A", title="Bí thư Quận ủy")
    entry = make_entry(week, leaders=[leader], place="Hội trường")
    entry.place = "Phòng họp 2"
    entry.save()
    for url in (week.get_ics_url(), "/lich-cong-tac/lich.ics"):
        response = client.get(url)
        assert response["Content-Type"].startswith("text/calendar")
        events = Calendar.from_ical(response.content).walk("VEVENT")
        assert len(events) == 1
        assert str(events[0]["UID"]) == entry.uid("testserver")
        assert int(events[0]["SEQUENCE"]) == 1 and "DTSTAMP" in events[0]
        assert str(events[0]["DTSTART"].dt.tzinfo) == "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize("count", [2, 12])
def test_constant_queries(client, django_assert_num_queries, count):
    """The week page costs the same number of queries whatever the number of entries."""
    week = make_week()
    leader = make_leader(name="Trần Thị B", title="Phó Bí thư")
    for i in range(count):
        make_entry(week, starts_at=f"{7 + i % 10:02d}:00", leaders=[leader])
    client.get(week.get_absolute_url())  # warms the site's own cached fragments
    with django_assert_num_queries(4):
        client.get(week.get_absolute_url())


def test_edit_invalidates_cached_page(client, settings):
    """With the page cache on, an editor's change shows at once."""
    settings.PORTAL_PAGE_CACHE = True
    week = make_week()
    entry = make_entry(week, content="Nội dung cũ")
    assert "Nội dung cũ" in client.get(week.get_absolute_url(), secure=True).content.decode()
    entry.content = "Nội dung mới"
    entry.save()
    assert "Nội dung mới" in client.get(week.get_absolute_url(), secure=True).content.decode()


@pytest.mark.parametrize("role, may_publish", [("reporter", False), ("editor", True), ("admin", True)])
def test_publish_action_per_role(client, settings, role, may_publish):
    """Only editors and administrators get the publish action; reporters may add entries."""
    make_week(published=False)
    user = make_user(f"u-{role}", role)
    client.force_login(user)
    response = client.get("/" + settings.PORTAL_ADMIN_URL + "workcalendar/week/")
    assert response.status_code == 200
    assert ('value="publish"' in response.content.decode()) == may_publish
    assert user.has_perm("workcalendar.add_entry")


def test_seed_is_idempotent(client):
    """seed_workcalendar makes two published weeks, one entry adjusted, and changes nothing a second time."""
    from django.core.management import call_command

    from workcalendar.models import Entry, Week

    call_command("seed_workcalendar", verbosity=0)
    call_command("seed_workcalendar", verbosity=0)
    assert Week.objects.published().count() == 2
    assert Entry.objects.filter(adjusted_at__isnull=False).count() == 2
    assert "Hội nghị Ban Thường vụ Quận ủy" in client.get("/lich-cong-tac/").content.decode()


def test_midnight_empties_only_the_calendar_pages(client, settings):
    """The calendar's pages are stored until midnight at most; the news pages stored at 23:58
    are still served from the cache at 00:01 (midnight empties nothing else)."""
    import time_machine

    settings.PORTAL_PAGE_CACHE = True
    week = make_week(datetime.date(2026, 12, 7))
    with time_machine.travel(datetime.datetime(2026, 12, 7, 23, 58, tzinfo=LOCAL), tick=False):
        for url in ("/", week.get_absolute_url()) * 3:
            assert client.get(url, secure=True).status_code == 200
        assert client.get(week.get_absolute_url(), secure=True)["X-Page-Cache"] == "hit"
    with time_machine.travel(datetime.datetime(2026, 12, 8, 0, 1, tzinfo=LOCAL), tick=False):
        assert client.get("/", secure=True)["X-Page-Cache"] == "hit"
        assert client.get(week.get_absolute_url(), secure=True).get("X-Page-Cache") != "hit"


def test_cached_page_marks_the_new_day_after_midnight(client, settings):
    """A week page cached late on Monday marks Tuesday as today just after midnight."""
    import time_machine

    settings.PORTAL_PAGE_CACHE = True
    week = make_week(datetime.date(2026, 12, 7))
    make_entry(week, day=datetime.date(2026, 12, 7), content="Hội nghị Ban Thường vụ")
    make_entry(week, day=datetime.date(2026, 12, 8), content="Tiếp công dân")
    with time_machine.travel(datetime.datetime(2026, 12, 7, 23, 58, tzinfo=LOCAL), tick=False):
        body = client.get(week.get_absolute_url(), secure=True).content.decode()
        assert 'wc-today" aria-labelledby="day-20261207"' in body
    with time_machine.travel(datetime.datetime(2026, 12, 8, 0, 1, tzinfo=LOCAL), tick=False):
        body = client.get(week.get_absolute_url(), secure=True).content.decode()
        assert 'wc-today" aria-labelledby="day-20261208"' in body
