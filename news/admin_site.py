"""The newsroom's admin site: the portal's own name on every page, and the editors' start page.

It is admin.site (see news.apps.NewsroomAdminConfig), so every app registers with it as usual.
Kept out of news/admin.py: that module registers models with admin.site, and building
admin.site imports this one.
"""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import workflow
from .models import Article, DailyViews, SiteSettings

Status = Article.Status
CHART_DAYS = 30
CHART_WIDTH, CHART_HEIGHT = 600, 140


def article_counts(user, now=None):
    """How many drafts, returned, awaiting review and scheduled articles `user` has to deal with: one query."""
    now = now or timezone.now()
    return workflow.visible_articles(user).aggregate(
        drafts=Count("pk", filter=Q(status=Status.DRAFT)),
        returned=Count("pk", filter=Q(status=Status.RETURNED)),
        review=Count("pk", filter=Q(status=Status.REVIEW)),
        scheduled=Count("pk", filter=Q(status=Status.PUBLISHED, published_at__gt=now)),
    )


def latest_changes(user, limit=8):
    versions = Article.history.select_related("history_user").only(
        "id", "title", "history_date", "history_type", "history_change_reason", "history_user__username"
    )
    if not workflow.can_see_all(user):
        versions = versions.filter(created_by_id=user.pk)
    return list(versions.order_by("-history_date", "-history_id")[:limit])


def daily_views_chart(today=None, days=CHART_DAYS, width=CHART_WIDTH, height=CHART_HEIGHT):
    """Views of all articles per day for the last `days` days, as bars ready for an inline SVG."""
    today = today or timezone.localdate()
    since = today - timedelta(days=days - 1)
    totals = dict(
        DailyViews.objects.filter(day__gte=since, day__lte=today)
        .values("day")
        .annotate(total=Sum("views"))
        .values_list("day", "total")
    )
    series = [(since + timedelta(days=i), totals.get(since + timedelta(days=i), 0)) for i in range(days)]
    peak = max(views for _day, views in series)
    slot = width / days
    bars = []
    for i, (day, views) in enumerate(series):
        bar_height = max(1, round(views / peak * height)) if views else 0
        bars.append(
            {
                "day": day,
                "views": views,
                "x": round(i * slot + 1, 1),
                "y": height - bar_height,
                "width": round(slot - 2, 1),
                "height": bar_height,
            }
        )
    return {
        "bars": bars,
        "total": sum(views for _day, views in series),
        "peak": peak,
        "since": since,
        "today": today,
        "width": width,
        "height": height,
    }


def newsroom_dashboard(user):
    changelist = reverse("admin:news_article_changelist")
    counts = article_counts(user)
    return {
        "counts": [
            {"label": _("Drafts"), "count": counts["drafts"], "url": f"{changelist}?state={Status.DRAFT}"},
            {"label": _("Returned to the author"), "count": counts["returned"], "url": f"{changelist}?state=returned"},
            {"label": _("Awaiting review"), "count": counts["review"], "url": f"{changelist}?state={Status.REVIEW}"},
            {"label": _("Scheduled"), "count": counts["scheduled"], "url": f"{changelist}?state=scheduled"},
        ],
        "most_read": list(Article.objects.for_listing().most_read(days=7)[:5]),
        "latest_changes": latest_changes(user),
        "chart": daily_views_chart(),
    }


class NewsroomAdminSite(admin.AdminSite):
    index_title = _("Newsroom")
    index_template = "admin/newsroom_index.html"

    def each_context(self, request):
        context = super().each_context(request)
        site = SiteSettings.load()
        context["site_header"] = site.name
        context["site_title"] = site.short_name or site.name
        return context

    def index(self, request, extra_context=None):
        context = dict(extra_context or {})
        if workflow.can_view(request.user, None):
            context["newsroom"] = newsroom_dashboard(request.user)
        return super().index(request, context)
