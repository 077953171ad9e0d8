"""The newsroom's start page, one per role: what each person has to deal with first.

- a reporter (sees only their own articles): their drafts, what was returned to them with the
  editor's note, what they submitted and waits;
- an editor (may review or publish): the queue to review, oldest first, and what is scheduled,
  soonest first;
- an administrator (manages accounts) sees the editor's page and the newsroom's accounts;
- everyone: the counts, what is read most today and this week, the latest changes, views per day.

Each part is one query whatever the number of articles (tests/news/test_dashboard.py).
"""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import workflow
from .models import Article, DailyViews

Status = Article.Status
CHART_DAYS = 30
CHART_WIDTH, CHART_HEIGHT = 600, 140
LIST_LENGTH = 6
ROLES = (workflow.REPORTERS, workflow.EDITORS, workflow.ADMINISTRATORS)


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


def articles_in(user, status, order, limit=LIST_LENGTH):
    """The first `limit` articles in `status` that `user` may see, with their section and author: one query."""
    return list(
        workflow.visible_articles(user)
        .filter(status=status)
        .select_related("section", "created_by")
        .only(
            "id",
            "title",
            "status",
            "updated_at",
            "published_at",
            "review_note",
            "section__name",
            "created_by__username",
            "created_by__first_name",
            "created_by__last_name",
        )
        .order_by(*order)[:limit]
    )


def scheduled_articles(user, now=None, limit=LIST_LENGTH):
    now = now or timezone.now()
    return list(
        workflow.visible_articles(user)
        .filter(status=Status.PUBLISHED, published_at__gt=now)
        .select_related("section")
        .only("id", "title", "published_at", "section__name")
        .order_by("published_at", "id")[:limit]
    )


def most_read(days, limit=5):
    return list(Article.objects.for_listing().most_read(days=days)[:limit])


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


def newsroom_accounts():
    """The roles' groups with their number of active staff accounts: one query."""
    groups = Group.objects.filter(name__in=ROLES).annotate(
        members=Count("user", filter=Q(user__is_active=True, user__is_staff=True))
    )
    found = {group.name: group for group in groups}
    users = reverse("admin:auth_user_changelist")
    return [
        {"name": name, "count": found[name].members, "url": f"{users}?groups__id__exact={found[name].pk}"}
        for name in ROLES
        if name in found
    ]


def article_list(title, articles, empty, state, total, kind):
    """A list of the start page: its title, its articles, what to say when empty, and a link to them all."""
    changelist = reverse("admin:news_article_changelist")
    return {
        "id": f"newsroom-{kind}",
        "kind": kind,
        "title": title,
        "articles": articles,
        "empty": empty,
        "total": total,
        "all_url": f"{changelist}?state={state}",
    }


def role_lists(user, counts):
    """The lists a person starts their day with, by what their role lets them do."""
    if not workflow.can_see_all(user):
        return [
            article_list(
                _("Returned to you"),
                articles_in(user, Status.RETURNED, ["-updated_at", "-id"]),
                _("Nothing was returned to you."),
                Status.RETURNED,
                counts["returned"],
                "returned",
            ),
            article_list(
                _("Your drafts"),
                articles_in(user, Status.DRAFT, ["-updated_at", "-id"]),
                _("You have no drafts."),
                Status.DRAFT,
                counts["drafts"],
                "drafts",
            ),
            article_list(
                _("Submitted, awaiting review"),
                articles_in(user, Status.REVIEW, ["-updated_at", "-id"]),
                _("None of your articles is awaiting review."),
                Status.REVIEW,
                counts["review"],
                "submitted",
            ),
        ]
    lists = []
    if workflow.can_review(user) or workflow.can_publish(user):
        lists.append(
            article_list(
                _("To review"),
                # Oldest first: the article that has waited longest is read first.
                articles_in(user, Status.REVIEW, ["updated_at", "id"]),
                _("No article is awaiting review."),
                Status.REVIEW,
                counts["review"],
                "review",
            )
        )
    lists.append(
        article_list(
            _("Scheduled"),
            scheduled_articles(user),
            _("No article is scheduled."),
            "scheduled",
            counts["scheduled"],
            "scheduled",
        )
    )
    return lists


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
        "lists": role_lists(user, counts),
        "most_read_today": most_read(days=1),
        "most_read": most_read(days=7),
        "latest_changes": latest_changes(user),
        "chart": daily_views_chart(),
        "accounts": newsroom_accounts() if user.has_perm("auth.view_user") else None,
    }
