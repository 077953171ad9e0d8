from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    prefetch_related_objects,
)
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from polls.templatetags.polls_tags import poll_box
from polls.voters import voted_poll_ids
from portal.cache import VIEW_COUNT_MARKER, counted_page, local_memo, reader_page

from .fragments import CardRef, framed_page, version_stamp, versions
from .models import Article, ArticleAuthor, Photo, Section, SectionSlugHistory
from .prepared import SENTINEL_ID, SENTINEL_TEXT, SENTINEL_TIME, PreparedQuery
from .search import SearchForm, decorate
from .services import is_countable_view, record_view
from .templatetags.discovery import most_read_box
from .workflow import can_view

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

    On PostgreSQL one query (HOME), unless no section is shown on the home page: then the lists
    come from queries of their own, as on SQLite.
    """
    if connection.vendor == "postgresql":
        rows = HOME.rows(now=now)
        if not rows:
            return (*home_lists(now), [])
        split = len(HOME_SECTION_COLUMNS)
        featured_ids, featured_versions, latest_ids, latest_versions = rows[0][split:]
        featured = [CardRef(*ref) for ref in zip(featured_ids, featured_versions, strict=True)]
        newest = [CardRef(*ref) for ref in zip(latest_ids, latest_versions, strict=True)]
        return featured, newest, section_blocks(row[:split] for row in rows)
    return (*home_lists(now), home_sections(now))


def home_lists(now):
    """(featured, newest): card references of the newest featured articles and of the newest."""
    return [CardRef(*row) for row in FEATURED.rows(now=now)], [CardRef(*row) for row in NEWEST.rows(now=now)]


def home_sections(now):
    """The sections shown on the home page, each with its newest published articles.

    On PostgreSQL one query whatever the number of sections: the sections come with the ids
    and updated_at of their newest articles (one small index scan each, ArraySubquery), all
    that their cached cards need (news/fragments.py loads the rows of those not cached). The
    window function of latest_per_section() sorts every published article (tens of
    milliseconds at 10,000), and a UNION of one query per section costs as much again in
    Python to compile; SQLite uses it, in a second query.
    """
    if connection.vendor != "postgresql":
        sections = list(Section.objects.visible().filter(show_on_home=True))
        by_section = {s.pk: [] for s in sections}
        for article in Article.objects.for_listing().latest_per_section(HOME_SECTION_BLOCK_SIZE):
            if article.section_id in by_section:
                by_section[article.section_id].append(article)
        return [(s, by_section[s.pk]) for s in sections if by_section[s.pk]]
    return section_blocks(HOME_SECTIONS.rows(now=now))


def section_blocks(rows):
    """[(section, card references)] from rows of HOME_SECTION_COLUMNS, sections without articles left out."""
    blocks = []
    for pk, name, slug, ids, stamps in rows:
        if ids:
            # Only what the block shows of its section (name, address): no other field is read.
            section = Section.from_db(connection.alias, ["id", "name", "slug"], (pk, name, slug))
            blocks.append((section, [CardRef(*ref) for ref in zip(ids, stamps, strict=True)]))
    return blocks


@require_safe
@reader_page
def home(request):
    featured, newest, blocks = home_content(timezone.now())
    lead_story, featured = (featured[0], featured[1:]) if featured else (None, [])
    shown = {a.pk for a in featured} | ({lead_story.pk} if lead_story else set())
    latest = [ref for ref in newest if ref.pk not in shown][:8]

    context = {"lead_story": lead_story, "featured": featured, "latest": latest, "section_blocks": blocks}
    # What the cards show (news/fragments.py); the section blocks' headings are in the structure.
    lists = [versions([lead_story] if lead_story else []), versions(featured), versions(latest)]
    lists.append([(section.pk, versions(articles)) for section, articles in blocks])
    return render_framed(request, "home", lists, "news/home.html", context)


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


def requested_page(request):
    try:
        return int(request.GET.get("page", 1))
    except ValueError:
        return 1


@require_safe
@reader_page
def section_detail(request, slug):
    now, per_page, number = timezone.now(), settings.PORTAL_ARTICLES_PER_PAGE, requested_page(request)
    if connection.vendor == "postgresql":
        # The section, its number of articles and the requested page's references: one query.
        number = number if 1 <= number <= PREPARED_SECTION_PAGES else 1
        rows = section_page_query(number, per_page).rows(slug=slug, now=now)
        if not rows:
            return redirect_renamed_section(request, slug)
        values, split = rows[0], len(SECTION_FIELDS)
        section = Section.from_db(connection.alias, SECTION_FIELDS, values[:split])
        count, ids, updated = values[split:]
        refs = [CardRef(*ref) for ref in zip(ids, updated, strict=True)]
        articles = KnownPage(count, (number - 1) * per_page, refs, section_articles(now, section.pk).card_refs())
    else:
        try:
            section = Section.objects.visible().get(slug=slug)
        except Section.DoesNotExist:
            return redirect_renamed_section(request, slug)
        articles = section_articles(now, section.pk).card_refs()
    page = Paginator(articles, per_page).get_page(request.GET.get("page"))
    vary_on = [section.pk, page.number, page.paginator.count, versions(page.object_list)]
    return render_framed(request, "section", vary_on, "news/section.html", {"section": section, "page_obj": page})


def redirect_renamed_section(request, slug):
    """A section's address from before it was renamed: 301 to its current one, or 404."""
    section = SectionSlugHistory.renamed(slug)
    if section is None:
        raise Http404
    url = section.get_absolute_url()
    if request.META.get("QUERY_STRING"):
        url = f"{url}?{request.META['QUERY_STRING']}"
    return HttpResponsePermanentRedirect(url)


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
# On PostgreSQL the references come with the article, in the same query (ArraySubquery).
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
# text: on PostgreSQL with the references of the related articles, as in _article_rows().
STAMP_FIELDS = ["section_id", "slug", "section__slug", "updated_at", "view_count"]


def _stamp_rows(now, pk):
    rows = Article.objects.published(now).filter(pk=pk)
    if connection.vendor == "postgresql":
        related = _related(now, OuterRef("section_id"), OuterRef("pk"))[:RELATED_COUNT]
        rows = rows.annotate(
            related_ids=ArraySubquery(related.values("pk")),
            related_versions=ArraySubquery(related.values("updated_at")),
        )
        return rows.values_list(*STAMP_FIELDS, "related_ids", "related_versions")
    return rows.values_list(*STAMP_FIELDS)


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
    """The ArticleStamp of the published article `pk`, or 404: one query on PostgreSQL, two on
    others (the related articles' references apart). Building the article itself, with its
    text and section (published_article()), costs twice as much, and a page whose frame is
    cached never needs it."""
    rows = STAMP.rows(now=timezone.now(), pk=pk)
    if not rows:
        raise Http404
    values, split = rows[0], len(STAMP_FIELDS)
    if len(values) > split:
        related = [CardRef(*ref) for ref in zip(values[split], values[split + 1], strict=True)]
    else:
        related = [CardRef(*row) for row in RELATED.rows(now=timezone.now(), section=values[0], pk=pk)]
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
    article = Article.from_db(connection.alias, ARTICLE_FIELDS, values[:split])
    section = Section.from_db(connection.alias, SECTION_FIELDS, values[split:])
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


def article_context(article, view_count, refs, preview=False):
    return {
        "article": article,
        "view_count": view_count,
        "section": article.section,
        "authors": article_part(
            article, AUTHOR_LINKS, lambda: [link.author for link in article.articleauthor_set.all()]
        ),
        "photos": article_part(article, PHOTOS, lambda: list(article.photos.all())),
        "related": related_articles(refs),
        # What the cached related list shows, besides the sections (news/fragments.py).
        "related_versions": versions(refs),
        "preview": preview,
    }


def render_article(request, stamp):
    """The article page of `stamp` (an ArticleStamp), with VIEW_COUNT_MARKER where the count goes.

    Keyed as the article's own fragments are (templates/news/article.html); the article itself
    is loaded only when its frame is not cached.
    """
    vary_on = [stamp.pk, version_stamp(stamp.updated_at), VIEW_COUNT_MARKER, versions(stamp.related)]

    def context():
        article = published_article(stamp.pk)
        return article_context(article, VIEW_COUNT_MARKER, stamp.related)

    return render_framed(request, "article", vary_on, "news/article.html", context)


def render_framed(request, name, vary_on, template, context):
    """render(request, template, context) for a reader page whose frame, all but the sidebar, is
    cached (news.fragments.framed_page()), keyed by `vary_on`: what the page shows that is not
    in the structure version. The header and footer depend on that version only, which every
    fragment key carries, and the absolute addresses on the scheme and host. `context` may be
    a function making it, called only when the frame is rendered."""

    def render_page(sidebar_marker):
        made = context() if callable(context) else context
        return render(request, template, {**made, "sidebar_marker": sidebar_marker})

    return framed_page(request, name, [*vary_on, request.scheme, request.get_host()], render_page, sidebar_for(request))


def sidebar_for(request):
    """The sidebar of a reader page (templates/news/base_news.html) as framed_page() draws it.

    For a browser that has not voted (it has no session: most readers) it is the same on every
    page, and a spike asks for it thousands of times a second: each worker draws it once a
    second (portal.cache.local_memo(), cleared by an edit, as its copies of whole pages are).
    """

    def draw(version):
        context = {"request": request, "fragment_version": version}
        return f"{poll_box(context)}\n    {most_read_box(context)}"

    def sidebar(version):
        if voted_poll_ids(request):
            return draw(version)
        return local_memo(("sidebar", version, get_language()), lambda: draw(version))

    return sidebar


@require_safe
@reader_page
def article_detail(request, section, slug, pk):
    stamp = article_stamp(pk)
    if stamp.slug != slug or stamp.section_slug != section:
        # Slug changed or article moved: the old address keeps working.
        article = published_article(pk)
        return HttpResponsePermanentRedirect(article.get_absolute_url())
    views = stamp.view_count
    if is_countable_view(request):
        views = record_view(pk, known_count=views) or views + 1  # the count including this view
    # Rendered with a marker for the count: the page cache stores it that way, counts each
    # view it serves from the cache, and fills in the exact count (portal/cache.py).
    return counted_page(render_article(request, stamp), pk, views)


@require_safe
@never_cache
def article_preview(request, pk):
    """Any article, exactly as readers will see it, for the newsroom only: not indexed, not cached, not counted."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    article = get_object_or_404(article_queryset(), pk=pk)
    if not can_view(user, article):
        raise Http404
    context = article_context(article, article.view_count, related_refs(article), preview=True)
    response = render(request, "news/article.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    return render(
        request,
        "robots.txt",
        {
            "admin_url": settings.PORTAL_ADMIN_URL,
            "search_url": reverse("news:search"),
            "sitemap_url": request.build_absolute_uri(reverse("sitemap")),
            "news_sitemap_url": request.build_absolute_uri(reverse("sitemap_news")),
        },
        content_type="text/plain; charset=utf-8",
    )


@require_safe
@reader_page
def search(request):
    """Find published articles by words of the title, lead and body, with or without diacritics."""
    form = SearchForm(request.GET)
    query, results = form.search()
    page = Paginator(results, settings.PORTAL_ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    decorate(page, query)
    return render(
        request,
        "news/search.html",
        {
            "form": form,
            "query": query.text,
            "results": results,
            "page_obj": page,
            "extra_query": form.querystring(),
        },
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)
