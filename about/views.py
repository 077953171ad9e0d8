"""The introduction's reader pages: the HTTP side only. Each is one query (the English page
three), whatever the number of pages, leaders, bodies or links, and is kept whole by the page
cache (@reader_page; the models are in PORTAL_PAGE_CACHE_MODELS)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from pagecache.pages import reader_page

from .models import AgencyLink, Department, EnglishPage, IntroPage, Leader, grouped


@require_safe
@reader_page
def index(request):
    return render(
        request, "about/index.html", {"pages": list(IntroPage.objects.published().defer("body", "image_text"))}
    )


@require_safe
@reader_page
def page(request, slug):
    # The page and its neighbours in the menu beside it, in one query: there are only a handful.
    pages = list(IntroPage.objects.published())
    current = next((p for p in pages if p.slug == slug), None)
    if current is None:
        raise Http404
    return render(request, "about/page.html", {"page": current, "pages": pages})


def leader_groups(leaders):
    """[(group label, [leaders])] in the groups' order, each group in the editors' order."""
    by_group = {}
    for leader in leaders:
        by_group.setdefault(leader.group, []).append(leader)
    return [(group.label, by_group[group]) for group in Leader.Group if group in by_group]


@require_safe
@reader_page
def leaders(request):
    return render(request, "about/leaders.html", {"groups": leader_groups(Leader.objects.shown())})


@require_safe
@reader_page
def contacts(request):
    return render(request, "about/contacts.html", {"departments": list(Department.objects.shown())})


@require_safe
@reader_page
def links(request):
    return render(request, "about/links.html", {"groups": grouped(AgencyLink.objects.shown())})


@require_safe
@reader_page
def english(request):
    return render(
        request,
        "about/english.html",
        {
            "english": EnglishPage.objects.published().first(),
            "leaders": list(Leader.objects.shown().exclude(title_en="").only("name", "title_en", "group")),
            "departments": list(Department.objects.shown().exclude(name_en="")),
        },
    )
