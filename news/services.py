"""Writes that touch several rows at once."""

import functools
import re

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from . import view_buffer
from .models import Article, DailyViews

CRAWLER_RE = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|zalo-?link|preview|curl|wget|python-requests|httpclient",
    re.IGNORECASE,
)


def is_countable_view(request):
    """A reader's GET, not a HEAD, a crawler or a link-preview fetcher."""
    if request.method != "GET":
        return False
    return _reader_agent(request.META.get("HTTP_USER_AGENT", ""))


@functools.lru_cache(maxsize=1024)
def _reader_agent(agent):
    # Most views come from a few hundred distinct browsers: a cached page's view skips the regex.
    return bool(agent) and not CRAWLER_RE.search(agent)


def record_view(article_id, known_count=None, fallback_count=0):
    """Count one view of an article, on its total and on today's row; return the new total.

    With Redis as the cache the view is buffered there and written to the database in
    batches (news/view_buffer.py): a view costs no SQL. `known_count` (the view_count the
    caller just read) saves a query when the buffer starts the article's total;
    `fallback_count` is shown if that total cannot be read. Without Redis, or while it is
    unreachable, the view goes straight to the database (record_view_now).
    """
    total = view_buffer.record(article_id, known_count, fallback_count)
    return total if total is not None else record_view_now(article_id)


def record_view_now(article_id):
    """Count one view in the database; return the new total, None when the article does not exist.

    Evaluated by the database (never read-modify-write in Python), so concurrent views from
    any number of workers or servers are neither lost nor double-counted. On PostgreSQL it is
    a single statement (one round trip, atomic on its own).

    Each view of one article updates the same row, so views of a single hot article are
    serialized by PostgreSQL's commit (the WAL flush). settings.PORTAL_VIEW_COUNT_SYNCHRONOUS
    = False lets that commit return before the flush, but a PostgreSQL crash (not an app or
    network failure) could then lose the views of its last fraction of a second.
    """
    table, articles = DailyViews._meta.db_table, Article._meta.db_table
    today = timezone.localdate()
    if connection.vendor == "postgresql":
        # Sent as one query: with the SET LOCAL in front it is one implicit transaction.
        prefix = "" if settings.PORTAL_VIEW_COUNT_SYNCHRONOUS else "SET LOCAL synchronous_commit TO OFF; "
        with connection.cursor() as cursor:
            cursor.execute(
                f"{prefix}WITH counted AS ("
                f" UPDATE {articles} SET view_count = view_count + 1 WHERE id = %s RETURNING id, view_count"
                f"), daily AS ("
                f" INSERT INTO {table} (article_id, day, views) SELECT id, %s, 1 FROM counted"
                f" ON CONFLICT (article_id, day) DO UPDATE SET views = {table}.views + 1"
                f") SELECT view_count FROM counted",
                [article_id, today],
            )
            row = cursor.fetchone()
        return row[0] if row else None
    return add_views(article_id, today, 1)


def add_views(article_id, day, views):
    """Add `views` to an article's total and to its row for `day`, in two portable statements
    (any database); return the new total, None when the article does not exist."""
    table, articles = DailyViews._meta.db_table, Article._meta.db_table
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {articles} SET view_count = view_count + %s WHERE id = %s RETURNING view_count",
                [views, article_id],
            )
            row = cursor.fetchone()
            if row is None:
                return None
            cursor.execute(
                f"INSERT INTO {table} (article_id, day, views) VALUES (%s, %s, %s) "
                f"ON CONFLICT (article_id, day) DO UPDATE SET views = {table}.views + excluded.views",
                [article_id, day, views],
            )
        return row[0]
