"""The reader pages and the newsroom's preview: the HTTP side only.

What a page reads is in news/queries.py, what its cache keys are made of in news/page_keys.py,
how a view is counted in news/view_counts.py.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from pagecache.fragments import framed_page, versions
from pagecache.local import local_memo
from pagecache.pages import VIEW_COUNT_MARKER, counted_page, reader_page

from . import page_keys, sidebar
from .models import SectionSlugHistory
from .queries import (
    AUTHOR_LINKS,
    PHOTOS,
    article_part,
    article_queryset,
    article_stamp,
    home_content,
    published_article,
    related_articles,
    related_refs,
    section_page,
)
from .search import SearchForm, decorate
from .view_counts import count_view
from .workflow import can_view


@require_safe
@reader_page
def home(request):
    featured, newest, blocks = home_content(timezone.now())
    lead_story, featured = (featured[0], featured[1:]) if featured else (None, [])
    shown = {a.pk for a in featured} | ({lead_story.pk} if lead_story else set())
    latest = [ref for ref in newest if ref.pk not in shown][:8]

    context = {"lead_story": lead_story, "featured": featured, "latest": latest, "section_blocks": blocks}
    key = page_keys.home(lead_story, featured, latest, blocks)
    return render_framed(request, "home", key, "news/home.html", context)


def requested_page(request):
    try:
        return int(request.GET.get("page", 1))
    except ValueError:
        return 1


@require_safe
@reader_page
def section_detail(request, slug):
    per_page = settings.PORTAL_ARTICLES_PER_PAGE
    found = section_page(slug, requested_page(request), per_page)
    if found is None:
        return redirect_renamed_section(request, slug)
    section, articles = found
    page = Paginator(articles, per_page).get_page(request.GET.get("page"))
    key = page_keys.section(section, page)
    return render_framed(request, "section", key, "news/section.html", {"section": section, "page_obj": page})


def redirect_renamed_section(request, slug):
    """A section's address from before it was renamed: 301 to its current one, or 404."""
    section = SectionSlugHistory.renamed(slug)
    if section is None:
        raise Http404
    url = section.get_absolute_url()
    if request.META.get("QUERY_STRING"):
        url = f"{url}?{request.META['QUERY_STRING']}"
    return HttpResponsePermanentRedirect(url)


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
        "page_key": page_keys.article(article.pk, article.updated_at, view_count, refs),
        "sidebar_article": article.pk,
    }


def render_article(request, stamp):
    """The article page of `stamp` (an ArticleStamp), with VIEW_COUNT_MARKER where the count goes.

    The article itself is loaded only when its frame is not cached.
    """
    key = page_keys.article(stamp.pk, stamp.updated_at, VIEW_COUNT_MARKER, stamp.related)

    def context():
        article = published_article(stamp.pk)
        return article_context(article, VIEW_COUNT_MARKER, stamp.related)

    return render_framed(request, "article", key, "news/article.html", context, article=int(stamp.pk))


def render_framed(request, name, key, template, context, article=None):
    """render(request, template, context) for a reader page whose frame, all but the sidebar, is
    cached (pagecache.fragments.framed_page()), keyed by `key` (news/page_keys.py) and the scheme and
    host of its absolute addresses. The template's own fragments get the same parts as
    `page_key`. `context` may be a function making it, called only when the frame is rendered.
    `article`: the article's pk on its page, whose sidebar may show what belongs to it."""
    page_key = [*key, request.scheme, request.get_host()]

    def render_page(sidebar_marker):
        made = context() if callable(context) else context
        return render(request, template, {**made, "page_key": page_key, "sidebar_marker": sidebar_marker})

    return framed_page(request, name, page_key, render_page, sidebar_for(request, article))


def sidebar_for(request, article=None):
    """The sidebar of a reader page (templates/news/base_news.html, news/sidebar.py) as
    framed_page() draws it.

    For a browser without a session (most readers: one that voted has one) it is the same on
    every page, or every page of one article, and a spike asks for it thousands of times a
    second: each worker draws it once a second (pagecache.local.local_memo(), cleared by an
    edit, as its copies of whole pages are).
    """

    def draw(version):
        return sidebar.draw({"request": request, "fragment_version": version, "sidebar_article": article})

    def drawn(version):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return draw(version)
        return local_memo(("sidebar", version, get_language(), article), lambda: draw(version))

    return drawn


@require_safe
@reader_page
def article_detail(request, section, slug, pk):
    stamp = article_stamp(pk)
    if stamp.slug != slug or stamp.section_slug != section:
        # Slug changed or article moved: the old address keeps working.
        article = published_article(pk)
        return HttpResponsePermanentRedirect(article.get_absolute_url())
    views = count_view(request.META, pk, known_count=stamp.view_count)
    # Rendered with a marker for the count: the page cache stores it that way, counts each view
    # it serves from the cache by the same road (news/apps.py), and fills in the exact count.
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
