"""Writes that touch several rows at once."""

import re

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .models import Article, DailyViews

CRAWLER_RE = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|zalo-?link|preview|curl|wget|python-requests|httpclient",
    re.IGNORECASE,
)


def is_countable_view(request):
    """A reader's GET, not a HEAD, a crawler or a link-preview fetcher."""
    if request.method != "GET":
        return False
    agent = request.META.get("HTTP_USER_AGENT", "")
    return bool(agent) and not CRAWLER_RE.search(agent)


def record_view(article_id):
    """Count one view of an article: on its total and on today's row, atomically.

    Both are single UPDATE/UPSERT statements evaluated by the database, so concurrent
    views from any number of workers or servers are never lost or double-counted.
    """
    table = DailyViews._meta.db_table
    with transaction.atomic():
        Article.objects.filter(pk=article_id).update(view_count=F("view_count") + 1)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (article_id, day, views) VALUES (%s, %s, 1) "
                f"ON CONFLICT (article_id, day) DO UPDATE SET views = {table}.views + 1",
                [article_id, timezone.localdate()],
            )
