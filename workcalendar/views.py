"""The calendar's reader pages and feeds: the HTTP side only (queries.py reads, ics.py writes iCalendar)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from pagecache.pages import reader_page, stale_after

from . import ics, queries
from .models import next_midnight


@require_safe
@reader_page
def current_week(request):
    week = queries.current_or_latest()
    if week is None:
        # The week published tomorrow may be the current one: look again after midnight.
        return stale_after(render(request, "workcalendar/week.html", {"week": None}), next_midnight())
    return week_response(request, week)


@require_safe
@reader_page
def week_page(request, year, number):
    week = queries.published_week(year, number)
    if week is None:
        raise Http404(_("No published calendar for this week."))
    return week_response(request, week)


def week_response(request, week):
    week_entries = list(queries.entries({"week": week}))
    previous, following = queries.neighbours(week)
    ics_url = request.build_absolute_uri(week.get_ics_url())
    all_ics = request.build_absolute_uri("/lich-cong-tac/lich.ics")
    context = {
        "week": week,
        "days": queries.days_of(week, week_entries),
        "previous": previous,
        "following": following,
        "today": timezone.localdate(),
        "ics_url": week.get_ics_url(),
        "webcal_url": "webcal://" + all_ics.split("://", 1)[1],
        "week_webcal_url": "webcal://" + ics_url.split("://", 1)[1],
    }
    # The day marked as today (and the current week) changes at midnight without an edit.
    return stale_after(render(request, "workcalendar/week.html", context), next_midnight())


def ics_response(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
@reader_page
def calendar_ics(request):
    entries = queries.entries({})
    return ics_response(ics.calendar(entries, request.get_host(), _("Work calendar")), "lich-cong-tac.ics")


@require_safe
@reader_page
def week_ics(request, year, number):
    week = queries.published_week(year, number)
    if week is None:
        raise Http404(_("No published calendar for this week."))
    body = ics.calendar(queries.entries({"week": week}), request.get_host(), str(week))
    return ics_response(body, f"lich-cong-tac-{year}-tuan-{number}.ics")
