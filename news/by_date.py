"""News by date ("Tin theo ngày"): the articles published on a day, or in a month with its
calendar of the days that have news. A back-dated article (26/03/2020) is found here by its date.

Pages are reader pages: cached whole, expired by any change of an article and at the next
scheduled publication, like the section pages. Three queries a page whatever the month holds:
the days' counts, the page's count and its cards.
"""

import calendar
import datetime

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import TruncDay
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from pagecache.pages import reader_page, stale_after

from .models import Article

WEEKDAY_HEADINGS = [
    gettext_lazy("Mon"),
    gettext_lazy("Tue"),
    gettext_lazy("Wed"),
    gettext_lazy("Thu"),
    gettext_lazy("Fri"),
    gettext_lazy("Sat"),
    gettext_lazy("Sun"),
]


class DateForm(forms.Form):
    ngay = forms.DateField(
        label=gettext_lazy("Day (dd/mm/yyyy)"),
        input_formats=["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"],
        error_messages={
            "required": gettext_lazy("Type a day as dd/mm/yyyy, for example 26/03/2020."),
            "invalid": gettext_lazy("Type a day as dd/mm/yyyy, for example 26/03/2020."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy", "maxlength": 10}),
    )


def _local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _published_between(start, stop):
    return Article.objects.published().filter(
        published_at__gte=_local_midnight(start), published_at__lt=_local_midnight(stop)
    )


def _month_days(year, month):
    """{day: number of articles} for the month, in one query (days in Vietnam's time)."""
    first = datetime.date(year, month, 1)
    following = _next_month(first)
    rows = (
        _published_between(first, following)
        .annotate(day=TruncDay("published_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("day")
        .annotate(n=Count("id"))
    )
    return {row["day"].date(): row["n"] for row in rows}


def _next_midnight():
    return _local_midnight(timezone.localdate() + datetime.timedelta(days=1)).timestamp()


def _next_month(first):
    return (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _weeks(year, month, counts):
    """The month as weeks from Monday: (day or None, count) cells."""
    return [
        [(day if day.month == month else None, counts.get(day, 0)) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]


def _page(request, articles):
    return Paginator(articles.newest_first().for_listing(), settings.PORTAL_ARTICLES_PER_PAGE).get_page(
        request.GET.get("page")
    )


def _valid_date(year, month, day=1):
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise Http404(_("There is no such date.")) from None


def _render(request, month_start, day=None, form=None, status=200):
    counts = _month_days(month_start.year, month_start.month)
    stop = day + datetime.timedelta(days=1) if day else _next_month(month_start)
    page = _page(request, _published_between(day or month_start, stop))
    previous_month = (month_start - datetime.timedelta(days=1)).replace(day=1)
    context = {
        "form": form or DateForm(initial={"ngay": day.strftime("%d/%m/%Y")} if day else None),
        "month_start": month_start,
        "day": day,
        "weeks": _weeks(month_start.year, month_start.month, counts),
        "weekday_headings": WEEKDAY_HEADINGS,
        "month_total": sum(counts.values()),
        "previous_month": previous_month,
        "next_month": _next_month(month_start),
        "page_obj": page,
    }
    return render(request, "news/by_date.html", context, status=status)


@require_safe
@reader_page
def by_date_index(request):
    """The form's answer (?ngay=dd/mm/yyyy) as a redirect to that day, or this month's page."""
    if "ngay" in request.GET:
        form = DateForm(request.GET)
        if form.is_valid():
            day = form.cleaned_data["ngay"]
            return redirect("news:by_date_day", f"{day:%Y}", f"{day:%m}", f"{day:%d}")
        return _render(request, timezone.localdate().replace(day=1), form=form, status=400)
    # This month's page, until the month changes: kept no later than the next midnight.
    return stale_after(_render(request, timezone.localdate().replace(day=1)), _next_midnight())


@require_safe
@reader_page
def by_date_month(request, year, month):
    return _render(request, _valid_date(year, month))


@require_safe
@reader_page
def by_date_day(request, year, month, day):
    day = _valid_date(year, month, day)
    return _render(request, day.replace(day=1), day=day)
