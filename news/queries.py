"""The reader pages' queries: what each page reads, in as few round trips as it can.

Each hot query is compiled once per process and prepared on the server (news/prepared.py). What
a card needs is its reference (pk, updated_at): the cards come from the cache (news/fragments.py).
"""

import math
import time
from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache
from django.db import router
from django.db.models import IntegerField, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from .fragments import CardRef
from .models import Article, ArticleAuthor, Photo, Section
from .prepared import SENTINEL_ID, SENTINEL_TEXT, SENTINEL_TIME, PreparedQuery

HOME_SECTION_BLOCK_SIZE = 4


# The lead story and 3 featured; the newest 8 besides the (at most 4) featured ones: one fixed
# query for any featured set.
FEATURED_COUNT, NEWEST_COUNT = 4, 12


def _featured(now):
    return Article.objects.published(now).filter(is_featured=True).newest_first()


def _newest(now):
    return Article.objects.published(now).newest_first()


HOME_SECTION_COLUMNS = ("pk", "name", "slug", "newest_ids", "newest_versions")


def _home_sections(now):
    newest = Article.objects.published(now).filter(section=OuterRef("pk")).newest_first()[:HOME_SECTION_BLOCK_SIZE]
    return (
        Section.objects.visible()
        .filter(show_on_home=True)
        .annotate(
            newest_ids=ArraySubquery(newest.values("pk")),
            newest_versions=ArraySubquery(newest.values("updated_at")),
        )
    )


def _home_section_rows(now):
    return _home_sections(now).values_list(*HOME_SECTION_COLUMNS)


def _home_rows(now):
    """The sections of the home page with their newest articles' references (_home_section_rows)
    and, on every row, those of the featured and of the newest articles: subqueries that do not
    depend on the row, which PostgreSQL runs once."""
    featured, newest = _featured(now)[:FEATURED_COUNT], _newest(now)[:NEWEST_COUNT]
    lists = {
        "featured_ids": ArraySubquery(featured.values("pk")),
        "featured_versions": ArraySubquery(featured.values("updated_at")),
        "latest_ids": ArraySubquery(newest.values("pk")),
        "latest_versions": ArraySubquery(newest.values("updated_at")),
    }
    return _home_sections(now).annotate(**lists).values_list(*HOME_SECTION_COLUMNS, *lists)


# The home page's queries, compiled once per process (news/prepared.py). What a card needs
# is its reference (pk, updated_at): the cards come from the cache (news/fragments.py).
FEATURED = PreparedQuery(lambda now: _featured(now).card_refs()[:FEATURED_COUNT], now=SENTINEL_TIME)
NEWEST = PreparedQuery(lambda now: _newest(now).card_refs()[:NEWEST_COUNT], now=SENTINEL_TIME)
HOME_SECTIONS = PreparedQuery(_home_section_rows, now=SENTINEL_TIME)
HOME = PreparedQuery(_home_rows, now=SENTINEL_TIME)


def home_content(now):
    """(featured, newest, section blocks) of the home page: card references (news/fragments.py).

    One query (HOME), unless no section is shown on the home page: then the lists come from
    queries of their own.
    """
    rows = HOME.rows(now=now)
    if not rows:
        return (*home_lists(now), [])
    split = len(HOME_SECTION_COLUMNS)
    featured_ids, featured_versions, latest_ids, latest_versions = rows[0][split:]
    featured = [CardRef(*ref) for ref in zip(featured_ids, featured_versions, strict=True)]
    newest = [CardRef(*ref) for ref in zip(latest_ids, latest_versions, strict=True)]
    return featured, newest, section_blocks(row[:split] for row in rows)


def home_lists(now):
    """(featured, newest): card references of the newest featured articles and of the newest."""
    return [CardRef(*row) for row in FEATURED.rows(now=now)], [CardRef(*row) for row in NEWEST.rows(now=now)]


def home_sections(now):
    """The sections shown on the home page, each with its newest published articles.

    One query whatever the number of sections: the sections come with the ids and updated_at
    of their newest articles (one small index scan each, ArraySubquery), all that their cached
    cards need (news/fragments.py loads the rows of those not cached). A window function over
    every published article costs tens of milliseconds at 10,000, and a UNION of one query per
    section as much again in Python to compile.
    """
    return section_blocks(HOME_SECTIONS.rows(now=now))


def section_blocks(rows):
    """[(section, card references)] from rows of HOME_SECTION_COLUMNS, sections without articles left out."""
    blocks = []
    for pk, name, slug, ids, stamps in rows:
        if ids:
            # Only what the block shows of its section (name, address): no other field is read.
            section = Section.from_db(router.db_for_read(Section), ["id", "name", "slug"], (pk, name, slug))
            blocks.append((section, [CardRef(*ref) for ref in zip(ids, stamps, strict=True)]))
    return blocks


AUTHOR_LINKS = Prefetch("articleauthor_set", queryset=ArticleAuthor.objects.select_related("author"))
PHOTOS = Prefetch("photos", queryset=Photo.objects.order_by("order", "id"))


def article_queryset():
    return Article.objects.select_related("section").prefetch_related(AUTHOR_LINKS, PHOTOS)


def article_part(article, lookup, read):
    """A part of the article (its byline, its photos) loaded when the page first uses it.

    The cached fragments of an article page are keyed by its updated_at, which a change of
    its photos or byline moves (news/signals.py): a page whose fragments are all cached
    never loads them. Already prefetched (article_queryset()), they are not loaded again.
    """

    def load():
        prefetch_related_objects([article], lookup)
        return read()

    return SimpleLazyObject(load)


# The article page's queries, compiled once per process (news/prepared.py): the article with
# its section (not the search columns: the PostgreSQL vector alone can outweigh the text),
# and the references of the related articles, whose rows are loaded only for a cache miss.
# The references come with the article, in the same query (ArraySubquery).
ARTICLE_FIELDS = [f.attname for f in Article._meta.concrete_fields if f.name not in ("search_text", "search_vector")]
SECTION_FIELDS = [f.attname for f in Section._meta.concrete_fields]
RELATED_COUNT = 5


def _related(now, section, pk):
    return Article.objects.published(now).filter(section_id=section).exclude(pk=pk).newest_first()


def _article_rows(now, pk):
    rows = Article.objects.published(now).filter(pk=pk)
    return rows.values_list(*ARTICLE_FIELDS, *(f"section__{name}" for name in SECTION_FIELDS))


ARTICLE = PreparedQuery(_article_rows, now=SENTINEL_TIME, pk=SENTINEL_ID)

# What an article page's cached frame is keyed by (render_article()), without the article's
# text, with the references of the related articles.
STAMP_FIELDS = ["section_id", "slug", "section__slug", "updated_at", "view_count"]


def _stamp_rows(now, pk):
    related = _related(now, OuterRef("section_id"), OuterRef("pk"))[:RELATED_COUNT]
    rows = Article.objects.published(now).filter(pk=pk)
    rows = rows.annotate(
        related_ids=ArraySubquery(related.values("pk")),
        related_versions=ArraySubquery(related.values("updated_at")),
    )
    return rows.values_list(*STAMP_FIELDS, "related_ids", "related_versions")


STAMP = PreparedQuery(_stamp_rows, now=SENTINEL_TIME, pk=SENTINEL_ID)


class ArticleStamp(NamedTuple):
    """A published article as far as the address and the cached frame of its page go."""

    pk: int
    section_id: int
    slug: str
    section_slug: str
    updated_at: datetime
    view_count: int
    related: list  # card references of the related articles


def article_stamp(pk):
    """The ArticleStamp of the published article `pk`, or 404: one query. Building the article
    itself, with its text and section (published_article()), costs twice as much, and a page
    whose frame is cached never needs it."""
    rows = STAMP.rows(now=timezone.now(), pk=pk)
    if not rows:
        raise Http404
    values, split = rows[0], len(STAMP_FIELDS)
    related = [CardRef(*ref) for ref in zip(values[split], values[split + 1], strict=True)]
    return ArticleStamp(pk, *values[:split], related)


RELATED = PreparedQuery(
    lambda now, section, pk: _related(now, section, pk).card_refs()[:RELATED_COUNT],
    now=SENTINEL_TIME,
    section=SENTINEL_ID,
    pk=SENTINEL_ID - 1,
)


def published_article(pk):
    """The published article `pk` with its section, or 404."""
    rows = ARTICLE.rows(now=timezone.now(), pk=pk)
    if not rows:
        raise Http404
    values, split = rows[0], len(ARTICLE_FIELDS)
    article = Article.from_db(router.db_for_read(Article), ARTICLE_FIELDS, values[:split])
    section = Section.from_db(router.db_for_read(Section), SECTION_FIELDS, values[split:])
    Article.section.field.set_cached_value(article, section)
    return article


def related_refs(article):
    """The card references of the articles shown as related to `article` (same section, newest)."""
    return [CardRef(*row) for row in RELATED.rows(now=timezone.now(), section=article.section_id, pk=article.pk)]


def related_articles(refs):
    """The articles of `refs` (card references), in order, loaded when first used."""

    def load():
        found = Article.objects.for_listing().in_bulk([ref.pk for ref in refs])
        return [found[ref.pk] for ref in refs if ref.pk in found]

    return SimpleLazyObject(load)


def section_articles(now, section):
    """The published articles of a section and its subsections, newest first.

    The sections as a subquery, not an OR across a join: PostgreSQL then counts a page's
    articles from the section index instead of scanning every article. `section` is a pk, or
    an outer reference when this is itself a subquery of the section's query.
    """
    sections = Section.objects.filter(Q(pk=section) | Q(parent=section)).values("pk")
    return Article.objects.published(now).filter(section__in=sections).newest_first()


class SubqueryCount(Subquery):
    template = "(SELECT count(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def _section_page_rows(slug, now, start, stop):
    """The section `slug` (if visible), the number of its articles, and the card references of
    those from `start` to `stop`, in one query (PostgreSQL)."""
    articles = section_articles(now, OuterRef(OuterRef("pk"))).order_by()
    window = section_articles(now, OuterRef(OuterRef("pk")))[start:stop]
    return (
        Section.objects.visible()
        .filter(slug=slug)
        .annotate(
            article_count=SubqueryCount(articles.values("pk")),
            page_ids=ArraySubquery(window.values("pk")),
            page_versions=ArraySubquery(window.values("updated_at")),
        )
        .values_list(*SECTION_FIELDS, "article_count", "page_ids", "page_versions")
    )


# One compiled query per page number and page size (Django writes LIMIT and OFFSET into the SQL):
# the first pages of a section are the ones readers open.
SECTION_PAGES = {}
PREPARED_SECTION_PAGES = 20


def section_page_query(number, per_page):
    query = SECTION_PAGES.get((number, per_page))
    if query is None:
        start = (number - 1) * per_page
        query = SECTION_PAGES[number, per_page] = PreparedQuery(
            lambda slug, now: _section_page_rows(slug, now, start, start + per_page),
            slug=SENTINEL_TEXT,
            now=SENTINEL_TIME,
        )
    return query


class KnownPage:
    """A list for the Paginator whose length and one slice are already known (the rest: `others`)."""

    def __init__(self, count, start, rows, others):
        self._count, self.start, self.rows, self.others = count, start, rows, others

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, key):
        if isinstance(key, slice) and key.start == self.start:
            return self.rows
        return self.others[key]


def section_page(slug, number, per_page):
    """(the visible section `slug`, a list of its articles' card references for the Paginator
    with page `number` already loaded), or None when no visible section has that address.

    The section, its number of articles and the requested page's references: one query.
    """
    now = timezone.now()
    number = number if 1 <= number <= PREPARED_SECTION_PAGES else 1
    rows = section_page_query(number, per_page).rows(slug=slug, now=now)
    if not rows:
        return None
    values, split = rows[0], len(SECTION_FIELDS)
    section = Section.from_db(router.db_for_read(Section), SECTION_FIELDS, values[:split])
    count, ids, updated = values[split:]
    refs = [CardRef(*ref) for ref in zip(ids, updated, strict=True)]
    return section, KnownPage(count, (number - 1) * per_page, refs, section_articles(now, section.pk).card_refs())


def next_publication(generation):
    """Unix time of the next scheduled publication (inf when none), cached per page generation:
    the page cache's bound on how long a page may be kept (news/apps.py)."""
    key = f"portal:next-publication:{generation}"
    when = cache.get(key)
    if when is None or when <= time.time():
        first = (
            Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        when = first.timestamp() if first else math.inf
        cache.set(key, when, settings.PORTAL_PAGE_CACHE_SECONDS)
    return when
