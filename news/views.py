from urllib.parse import urlencode

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import OuterRef, Prefetch, Q
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from portal.cache import VIEW_COUNT_MARKER, counted_page, reader_page

from .models import Article, ArticleAuthor, Photo, Section
from .services import is_countable_view, record_view
from .text import search_normalize

HOME_SECTION_BLOCK_SIZE = 4
MOST_READ_CACHE_KEY = "news:most-read"


def most_read():
    """The sidebar's most read articles of the week, shared by every page for a few minutes
    (and forgotten when an editor saves an article, see signals.py)."""
    articles = cache.get(MOST_READ_CACHE_KEY)
    if articles is None:
        articles = list(Article.objects.for_listing().most_read(days=7)[:5])
        cache.set(MOST_READ_CACHE_KEY, articles, 300)
    return articles


def home_sections(size):
    """The sections shown on the home page, each with its newest `size` published articles.

    Two queries whatever the number of sections. On PostgreSQL the sections come with the ids
    of their newest articles (one small index scan each, ArraySubquery), then those articles
    are fetched by id: the window function of latest_per_section() sorts every published
    article (tens of milliseconds at 10,000), and a UNION of one query per section costs
    as much again in Python to compile.
    """
    sections = Section.objects.visible().filter(show_on_home=True)
    if connection.vendor != "postgresql":
        sections = list(sections)
        by_section = {s.pk: [] for s in sections}
        for article in Article.objects.for_listing().latest_per_section(size):
            if article.section_id in by_section:
                by_section[article.section_id].append(article)
        return [(s, by_section[s.pk]) for s in sections if by_section[s.pk]]
    newest = Article.objects.published().filter(section=OuterRef("pk")).newest_first().values("pk")[:size]
    sections = list(sections.annotate(newest_ids=ArraySubquery(newest)))
    by_pk = Article.objects.published().for_listing().in_bulk([pk for s in sections for pk in s.newest_ids])
    blocks = [(s, [by_pk[pk] for pk in s.newest_ids if pk in by_pk]) for s in sections]
    return [(s, articles) for s, articles in blocks if articles]


@require_safe
@reader_page
def home(request):
    published = Article.objects.published().for_listing().newest_first()
    featured = list(published.filter(is_featured=True)[:5])
    lead_story, featured = (featured[0], featured[1:]) if featured else (None, [])
    shown = [a.pk for a in featured] + ([lead_story.pk] if lead_story else [])
    latest = list(published.exclude(pk__in=shown)[:8])

    blocks = home_sections(HOME_SECTION_BLOCK_SIZE)

    return render(
        request,
        "news/home.html",
        {
            "lead_story": lead_story,
            "featured": featured,
            "latest": latest,
            "section_blocks": blocks,
            "most_read": most_read(),
        },
    )


@require_safe
@reader_page
def section_detail(request, slug):
    section = get_object_or_404(Section.objects.visible(), slug=slug)
    articles = (
        Article.objects.published().for_listing().filter(Q(section=section) | Q(section__parent=section)).newest_first()
    )
    page = Paginator(articles, settings.PORTAL_ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "news/section.html",
        {
            "section": section,
            "page_obj": page,
            "most_read": most_read(),
        },
    )


def article_queryset():
    return Article.objects.select_related("section").prefetch_related(
        Prefetch("articleauthor_set", queryset=ArticleAuthor.objects.select_related("author")),
        Prefetch("photos", queryset=Photo.objects.order_by("order", "id")),
    )


def render_article(request, article, preview=False, view_count=None):
    related = (
        Article.objects.published()
        .for_listing()
        .filter(section_id=article.section_id)
        .exclude(pk=article.pk)
        .newest_first()[:5]
    )
    return render(
        request,
        "news/article.html",
        {
            "article": article,
            "view_count": article.view_count if view_count is None else view_count,
            "section": article.section,
            "authors": [link.author for link in article.articleauthor_set.all()],
            "photos": list(article.photos.all()),
            "related": related,
            "preview": preview,
            "most_read": most_read(),
        },
    )


@require_safe
@reader_page
def article_detail(request, section, slug, pk):
    article = get_object_or_404(article_queryset().published(), pk=pk)
    if article.slug != slug or article.section.slug != section:
        # Slug changed or article moved: the old address keeps working.
        return HttpResponsePermanentRedirect(article.get_absolute_url())
    views = article.view_count
    if is_countable_view(request):
        views = record_view(article.pk) or views + 1  # the count including this view
    # Rendered with a marker for the count: the page cache stores it that way, counts each
    # view it serves from the cache, and fills in the exact count (portal/cache.py).
    return counted_page(render_article(request, article, view_count=VIEW_COUNT_MARKER), article.pk, views)


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    return render(
        request, "robots.txt", {"admin_url": settings.PORTAL_ADMIN_URL}, content_type="text/plain; charset=utf-8"
    )


@require_safe
@reader_page
def search(request):
    """Find published articles by words of the title, lead and body, with or without diacritics."""
    query = " ".join(request.GET.get("q", "").split())[:200]
    terms = search_normalize(query).split()[:10]
    articles = Article.objects.none()
    if terms:
        articles = Article.objects.published().for_listing().newest_first()
        for term in terms:
            articles = articles.filter(search_text__contains=term)
    page = Paginator(articles, settings.PORTAL_ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "news/search.html",
        {"query": query, "page_obj": page, "extra_query": urlencode({"q": query}) if query else ""},
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)
