"""The calendar as iCalendar (RFC 5545), for readers' calendar apps."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, TimezoneStandard

from .models import LOCAL


def vtimezone():
    tz = Timezone()
    tz.add("tzid", "Asia/Ho_Chi_Minh")
    standard = TimezoneStandard()
    standard.add("dtstart", datetime.datetime(1975, 6, 13))
    standard.add("tzoffsetfrom", datetime.timedelta(hours=7))
    standard.add("tzoffsetto", datetime.timedelta(hours=7))
    standard.add("tzname", "+07")
    tz.add_component(standard)
    return tz


def calendar(entries, host, name):
    cal = Calendar()
    cal.add("prodid", f"-//{host}//Lich cong tac//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    cal.add_component(vtimezone())
    for entry in entries:
        cal.add_component(event(entry, host))
    return cal.to_ical()


def event(entry, host):
    start = datetime.datetime.combine(entry.day, entry.starts_at, LOCAL)
    end_time = (
        entry.ends_at or (datetime.datetime.combine(entry.day, entry.starts_at) + datetime.timedelta(hours=1)).time()
    )
    ev = Event()
    ev.add("uid", entry.uid(host))
    ev.add("dtstamp", (entry.adjusted_at or entry.week.published_at or entry.updated_at).astimezone(datetime.UTC))
    ev.add("last-modified", entry.updated_at.astimezone(datetime.UTC))
    ev.add("dtstart", start)
    ev.add("dtend", datetime.datetime.combine(entry.day, end_time, LOCAL))
    ev.add("sequence", entry.sequence)
    ev.add("summary", entry.content.splitlines()[0][:200] if entry.content else "")
    lines = [entry.content]
    leaders = ", ".join(str(leader) for leader in entry.leaders.all())
    if leaders:
        lines.append(_("Leaders: %s") % leaders)
    if entry.preparing_unit:
        lines.append(_("Prepared by: %s") % entry.preparing_unit)
    if entry.adjusted_at:
        lines.append(_("Adjusted at %s") % timezone.localtime(entry.adjusted_at, LOCAL).strftime("%H:%M %d/%m/%Y"))
    ev.add("description", "\n".join(lines))
    if entry.place:
        ev.add("location", entry.place)
    return ev
