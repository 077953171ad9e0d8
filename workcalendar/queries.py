"""What the calendar's reader pages read: a constant number of queries whatever the entries."""

import datetime
import itertools

from django.db.models import Prefetch
from django.utils import timezone

from about.models import Leader

from .models import Entry, Week


def entries(weeks_filter):
    return (
        Entry.objects.published()
        .filter(**weeks_filter)
        .select_related("week")
        .prefetch_related(
            Prefetch("leaders", queryset=Leader.objects.order_by("order", "id").only("name", "title", "order"))
        )
        .order_by("day", "starts_at", "id")
    )


def published_week(year, number):
    try:
        datetime.date.fromisocalendar(year, number, 1)
    except ValueError:
        return None
    return Week.objects.published().filter(year=year, number=number).first()


def neighbours(week):
    """The published weeks just before and after `week` (one query)."""
    around = Week.objects.published().exclude(pk=week.pk)
    before = (
        around.filter(year__lte=week.year)
        .exclude(year=week.year, number__gte=week.number)
        .order_by("-year", "-number")[:1]
    )
    after = (
        around.filter(year__gte=week.year)
        .exclude(year=week.year, number__lte=week.number)
        .order_by("year", "number")[:1]
    )
    found = list(before.union(after, all=True))
    key = (week.year, week.number)
    previous = next((w for w in found if (w.year, w.number) < key), None)
    following = next((w for w in found if (w.year, w.number) > key), None)
    return previous, following


def current_or_latest():
    today = timezone.localdate()
    year, number, _ = today.isocalendar()
    weeks = Week.objects.published()
    return weeks.filter(year=year, number=number).first() or weeks.order_by("-year", "-number").first()


def days_of(week, week_entries):
    """[(date, [(period, [entries])])] for the days of the week that have entries."""
    days = []
    for day, day_entries in itertools.groupby(week_entries, key=lambda e: e.day):
        periods = [(p, list(items)) for p, items in itertools.groupby(day_entries, key=lambda e: e.period)]
        days.append((day, periods))
    return days
