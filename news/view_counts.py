"""Counting the views of articles: who counts, the record, the Redis buffer and its flush.

One module over 400 lines on purpose: the issue asked for one owner of view counting, and the
Lua script, the buffer and its flush share keys that must not drift apart across files.

One road in, count_view(), whether the page was rendered now (news/views.py) or served by the
page cache (its hook, connected in news/apps.py): the count is taken when the answer is made
for a countable GET, not when the reader has received it.

Who counts: a reader's GET; not a HEAD, a crawler or a link-preview fetcher.

The record: with Redis as the cache, each view is one atomic Redis call (a Lua script) that adds
it to a pending hash and returns the article's displayed total; about once a second
(PORTAL_VIEW_BUFFER_SECONDS) one process moves the pending views to PostgreSQL in one
transaction. A cached article page then costs one Redis round trip and no SQL. Without Redis,
or while it is unreachable, the view is one SQL statement (_record_in_database()).

Redis keys (under the cache's KEY_PREFIX):
- views:pending      hash "<article id>:<yyyy-mm-dd>" -> views not yet in the database
- views:batch        the pending hash while one flush writes it (field "token" names it)
- views:total:<id>   the total shown to readers: database + pending + batch (expires)
- views:flush-due    set for one interval by the view that starts the next flush
- views:flush-lock   held by the one process flushing

Nothing is counted twice or lost between the two stores:
- taking a batch is a RENAME, atomic against views being added;
- the batch's token is stored by the same transaction that adds its views (ViewBatch): a flush
  that failed after its commit (Redis gone before it could delete the batch) is retried and
  finds its token, so it only clears the batch;
- a flush that failed before its commit (PostgreSQL down) leaves the batch in Redis and the
  next flush writes it: readers keep being served and counted while the database is away.
What Redis itself loses if it crashes (the views of the last interval; configure it with
appendonly and appendfsync everysec) is the limit, as PostgreSQL's own is for the direct path.

The total a reader sees: views:total:<id> is incremented with the view. When it is missing
(first view, expired) the same script first sets it from the database count plus what is
pending or in the batch; each flush rewrites the totals of the articles it wrote, which
corrects a count read from the database while a flush was half done.

Longer than most modules (about 400 lines) because the buffer's scripts and its flush only
make sense read together.
"""

import functools
import logging
import re
import secrets
import time
from datetime import date, timedelta

import redis
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from pagecache.backends.redis import LuaScript, ResilientRedisCache

from .models import Article, DailyViews, ViewBatch

CRAWLER_RE = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|zalo-?link|preview|curl|wget|python-requests|httpclient",
    re.IGNORECASE,
)


def count_view(meta, article_id, known_count=None, fallback_count=0):
    """The count to show on a page of the article `article_id` answered now: the view counted
    first when `meta` (request.META, or the WSGI environ of a page served from the cache) is a
    countable view. None when the view could not be counted (the article is gone)."""
    if not is_countable_view(meta):
        return known_count if known_count is not None else fallback_count
    total = record_view(article_id, known_count, fallback_count)
    if total is None and known_count is not None:  # deleted under the request: shown, not counted
        return known_count + 1
    return total


def count_cached_view(environ, article_id, shown_count):
    """The page cache's hook for a stored article page it serves (news/apps.py): the count to fill
    in, or None to let Django answer instead (the database cannot take the view, or the article
    is gone): a page is never served without its view counted."""
    try:
        return count_view(environ, article_id, fallback_count=shown_count)
    except (OperationalError, InterfaceError):
        return None


def record_view(article_id, known_count=None, fallback_count=0):
    """Count one view of an article, on its total and on today's row; return the new total, None
    when the article does not exist. Buffered in Redis when it can be (`known_count`: the
    view_count the caller just read, saves a query when the buffer starts the article's total;
    `fallback_count`: shown if that total cannot be read), else one SQL statement."""
    total = _buffer(article_id, known_count, fallback_count)
    return total if total is not None else _record_in_database(article_id)


def is_countable_view(meta):
    """A reader's GET, not a HEAD, a crawler or a link-preview fetcher (`meta`: request.META)."""
    if meta.get("REQUEST_METHOD") != "GET":
        return False
    return _reader_agent(meta.get("HTTP_USER_AGENT", ""))


@functools.lru_cache(maxsize=1024)
def _reader_agent(agent):
    # Most views come from a few hundred distinct browsers: a cached page's view skips the regex.
    return bool(agent) and not CRAWLER_RE.search(agent)


def _record_in_database(article_id):
    """Count one view in the database; return the new total, None when the article does not exist.

    One statement, evaluated by the database (never read-modify-write in Python), so concurrent
    views from any number of workers or servers are neither lost nor double-counted.

    Each view of one article updates the same row, so views of a single hot article are
    serialized by PostgreSQL's commit (the WAL flush). settings.PORTAL_VIEW_COUNT_SYNCHRONOUS
    = False lets that commit return before the flush, but a PostgreSQL crash (not an app or
    network failure) could then lose the views of its last fraction of a second.
    """
    table, articles = DailyViews._meta.db_table, Article._meta.db_table
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
            [article_id, timezone.localdate()],
        )
        row = cursor.fetchone()
    return row[0] if row else None


# -- The Redis buffer ------------------------------------------------------------------------

logger = logging.getLogger(__name__)

TOTAL_SECONDS = 3600
LOCK_SECONDS = 5  # a flush takes milliseconds; ViewBatch makes an overlap harmless

# KEYS: pending, total, flush-due, batch. ARGV: field, flush interval (ms), article id, its
# database count ("" if unknown), total ttl (s). Returns {total, 1 if this caller should flush
# now}, or {-1, 0} without counting when the total must be started and the count is unknown.
# Starting the total and counting in one script gives concurrent first views distinct totals.
_RECORD = LuaScript("""
if redis.call('EXISTS', KEYS[2]) == 0 then
  if ARGV[4] == '' then return {-1, 0} end
  local prefix = ARGV[3] .. ':'
  local n = tonumber(ARGV[4])
  for _, key in ipairs({KEYS[1], KEYS[4]}) do
    local fields = redis.call('HGETALL', key)
    for i = 1, #fields, 2 do
      if string.sub(fields[i], 1, #prefix) == prefix then n = n + tonumber(fields[i + 1]) end
    end
  end
  redis.call('SET', KEYS[2], n, 'EX', ARGV[5])
end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
local total = redis.call('INCR', KEYS[2])
local due = 0
if redis.call('SET', KEYS[3], '1', 'PX', ARGV[2], 'NX') then due = 1 end
return {total, due}
""")

# KEYS: pending, batch, lock. ARGV: lock token, new batch token, lock ttl (s).
# Returns {1 if the batch is one a failed flush left, then its fields and values with its
# "token"}, or nothing to do.
_TAKE = LuaScript("""
if not redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[3], 'NX') then return {} end
local left = 1
if redis.call('EXISTS', KEYS[2]) == 0 then
  if redis.call('EXISTS', KEYS[1]) == 0 then
    redis.call('DEL', KEYS[3])
    return {}
  end
  redis.call('RENAME', KEYS[1], KEYS[2])
  redis.call('HSET', KEYS[2], 'token', ARGV[2])
  left = 0
end
local out = redis.call('HGETALL', KEYS[2])
table.insert(out, 1, left)
return out
""")

# KEYS: batch, lock, pending. ARGV: lock token, batch token, total key prefix, ttl,
# then article id, database count pairs. Drops the written batch and rewrites the totals.
_DONE = LuaScript("""
if redis.call('HGET', KEYS[1], 'token') == ARGV[2] then redis.call('DEL', KEYS[1]) end
local pending = {}
local fields = redis.call('HGETALL', KEYS[3])
for i = 1, #fields, 2 do
  local id = string.match(fields[i], '^(%d+):')
  if id then pending[id] = (pending[id] or 0) + tonumber(fields[i + 1]) end
end
for i = 5, #ARGV, 2 do
  local id = ARGV[i]
  redis.call('SET', ARGV[3] .. id, tonumber(ARGV[i + 1]) + (pending[id] or 0), 'EX', ARGV[4])
end
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1
""")

_PENDING = LuaScript("""
return redis.call('EXISTS', KEYS[1], KEYS[2])
""")

_RELEASE = LuaScript("""
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
""")


def _backend():
    """The default cache when views can be buffered in it: Redis, reachable, buffer on."""
    backend = caches["default"]
    if settings.PORTAL_VIEW_BUFFER_SECONDS <= 0 or not isinstance(backend, ResilientRedisCache):
        return None
    return None if backend.is_down() else backend


_day = (0, "")


def _today():
    """timezone.localdate() as text, worked out once a second (every view needs it)."""
    global _day
    second = int(time.time())
    if _day[0] != second:
        _day = (second, timezone.localdate().isoformat())
    return _day[1]


def _key(backend, name):
    return backend.make_key(f"views:{name}")


def _run(backend, script, keys, args):
    return backend.run_script(script, [_key(backend, name) for name in keys], args)


def _buffer(article_id, known_count=None, fallback_count=0):
    """Count one view in Redis and return the total to show, or None when Redis cannot take it.

    `known_count` is the article's view_count just read from the database, if the caller has
    it; otherwise it is read when the total has to be started, and `fallback_count` is shown
    if the database cannot be read (the next flush sets the right total). The view that makes
    a flush due writes the buffer to the database before returning: one view a second
    site-wide, a few milliseconds.
    """
    backend = _backend()
    if backend is None:
        return None
    field = f"{article_id}:{_today()}"
    interval_ms = max(1, int(settings.PORTAL_VIEW_BUFFER_SECONDS * 1000))
    keys = ["pending", f"total:{article_id}", "flush-due", "batch"]
    args = [field, interval_ms, article_id, "" if known_count is None else known_count, TOTAL_SECONDS]
    try:
        total, due = _run(backend, _RECORD, keys, args)
        if total < 0:
            known_count = _database_count(article_id)
            if known_count is None:  # the database is unreachable, or the article just deleted
                known_count = fallback_count
            total, due = _run(backend, _RECORD, keys, [*args[:3], known_count, TOTAL_SECONDS])
    except redis.exceptions.TimeoutError as exc:
        # Sent but unanswered: Redis most likely counted it. Counting it in the database too
        # could count it twice; the total shown is the best known.
        backend.went_down(exc)
        return (known_count if known_count is not None else fallback_count) + 1
    except redis.exceptions.RedisError as exc:
        backend.went_down(exc)
        return None
    if due:
        try:
            flush()
        except Exception:  # the view is counted and its page must be served; the next flush retries
            logger.exception("Flushing the view buffer failed")
    return int(total)


def _database_count(article_id):
    try:
        return Article.objects.filter(pk=article_id).values_list("view_count", flat=True).first()
    except DatabaseError:
        _drop_broken_connection()
        return None


def _drop_broken_connection():
    """Close the connection a failure left unusable, so the next use reconnects.

    Django does it when a request starts; a view counted at the page cache's WSGI door never
    starts one, and would otherwise keep failing on the dead connection after an outage. Not
    inside a transaction (a test's own), which must not be closed under it.
    """
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()


def flush():
    """Write the buffered views to the database; return how many were written (0: none, or
    another process is flushing, or a part is down: they stay buffered for the next flush).

    A batch that a failed flush left (the database was away) is written first, then at once
    what was counted since."""
    written, left = _flush_batch()
    if left:
        written += _flush_batch()[0]
    return written


def _flush_batch():
    """(views written, whether they were a batch left by a failed flush)."""
    backend = _backend()
    if backend is None:
        return 0, False
    lock_token = secrets.token_hex(16)
    try:
        flat = _run(
            backend, _TAKE, ["pending", "batch", "flush-lock"], [lock_token, secrets.token_hex(16), LOCK_SECONDS]
        )
    except redis.exceptions.RedisError as exc:
        backend.went_down(exc)
        return 0, False
    if not flat:
        return 0, False
    left, flat = bool(flat[0]), flat[1:]
    batch = dict(zip(flat[::2], flat[1::2], strict=True))
    token = batch.pop(b"token").decode()
    rows = []
    for field, views in batch.items():
        article_id, day = field.decode().split(":")
        rows.append((int(article_id), date.fromisoformat(day), int(views)))
    try:
        totals = write(token, rows)
    except DatabaseError as exc:
        logger.warning("View counts kept in Redis, the database could not take them: %s", exc)
        _drop_broken_connection()
        try:
            _run(backend, _RELEASE, ["flush-lock"], [lock_token])
        except redis.exceptions.RedisError as exc:
            backend.went_down(exc)
        return 0, False
    args = [lock_token, token, _key(backend, "total:"), TOTAL_SECONDS]
    for article_id, total in totals.items():
        args += [article_id, total]
    try:
        _run(backend, _DONE, ["batch", "flush-lock", "pending"], args)
    except redis.exceptions.RedisError as exc:
        # Written but not dropped: the next flush finds its token in ViewBatch and only drops it.
        backend.went_down(exc)
    return sum(views for _, _, views in rows), left


def write(token, rows):
    """Add (article id, day, views) rows in one transaction, once per token; {article id: total}.

    Articles deleted since their views were counted are skipped.
    """
    ids = sorted({article_id for article_id, _, _ in rows})
    with transaction.atomic():
        _, created = ViewBatch.objects.get_or_create(token=token)
        if created:
            _write_rows(rows)
            ViewBatch.objects.filter(applied_at__lt=timezone.now() - timedelta(days=2)).delete()
        return dict(Article.objects.filter(pk__in=ids).values_list("pk", "view_count"))


def _write_rows(rows):
    """One statement for the whole batch: the totals, then the days of the articles that exist."""
    articles, daily = Article._meta.db_table, DailyViews._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH batch AS (SELECT * FROM unnest(%s::bigint[], %s::date[], %s::bigint[])"
            " AS b(article_id, day, views)),"
            f" per_article AS (SELECT article_id, sum(views) AS views FROM batch GROUP BY article_id),"
            f" counted AS (UPDATE {articles} a SET view_count = a.view_count + p.views FROM per_article p"
            f"  WHERE a.id = p.article_id RETURNING a.id)"
            f" INSERT INTO {daily} (article_id, day, views)"
            f" SELECT b.article_id, b.day, b.views FROM batch b JOIN counted c ON c.id = b.article_id"
            f" ORDER BY b.article_id, b.day"
            f" ON CONFLICT (article_id, day) DO UPDATE SET views = {daily}.views + EXCLUDED.views",
            [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]],
        )


def flush_all(timeout=2 * LOCK_SECONDS):
    """Flush until nothing is buffered (management command, backups, tests, the benchmark).

    Returns (views written, True when nothing is left buffered). Waits for a flush another
    process is making; a lock left by a process that died expires after LOCK_SECONDS.
    """
    written, deadline = 0, time.monotonic() + timeout
    while True:
        done = flush()
        written += done
        backend = _backend()
        if backend is None:
            return written, not _buffer_may_exist()
        try:
            left = _run(backend, _PENDING, ["pending", "batch"], [])
        except redis.exceptions.RedisError as exc:
            backend.went_down(exc)
            return written, False
        if not left:
            return written, True
        if time.monotonic() > deadline:
            return written, False
        if not done:
            time.sleep(0.05)


def _buffer_may_exist():
    """False when no Redis cache is configured at all (nothing can be buffered)."""
    return settings.PORTAL_VIEW_BUFFER_SECONDS > 0 and isinstance(caches["default"], ResilientRedisCache)
