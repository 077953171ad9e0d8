"""Template tags for how readers find articles: most read, canonical URLs, sharing, JSON-LD."""

import json
from datetime import timedelta
from urllib.parse import quote

from django import template
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Sum
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from news import sidebar
from news.fragments import CardRef
from news.models import Article, DailyViews
from pagecache.fragments import cached_fragment, versions
from pagecache.generation import PAGES

register = template.Library()

MOST_READ_PERIODS = (7, 30)
MOST_READ_SIZE = 5
# The ranking is an aggregate over a month of daily rows: computed at most every few minutes.
# Whether an article may still be shown is checked on every request, never cached.
MOST_READ_CACHE_SECONDS = 300

FACEBOOK_SHARE = "https://www.facebook.com/sharer/sharer.php?u={url}"
# Zalo documents only its SDK button; this is the plain address that button opens.
ZALO_SHARE = "https://sp.zalo.me/share_inline?url={url}"

# Inside <script>, "</script>" or "<!--" in a title would end or break the element; HTML
# parsers do not decode entities there, so these are escaped the JSON way (as Django's
# json_script does); U+2028/9 are line ends to older JavaScript parsers.
_JSON_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def most_read_key(days):
    return f"news:most-read:{days}:{timezone.localdate().isoformat()}"


def most_read_ids(days):
    key = most_read_key(days)
    ids = cache.get(key)
    if ids is None:
        # Summed from the daily rows alone, without joining the articles (three times faster at
        # 100,000 articles); whether each may be shown is checked when the box is drawn, so
        # spare ids stand in for articles not (or no longer) published.
        since = timezone.localdate() - timedelta(days=days - 1)
        ranking = (
            DailyViews.objects.filter(day__gte=since)
            .values("article_id")
            .annotate(views=Sum("views"))
            .order_by("-views", "-article_id")
            .values_list("article_id", flat=True)
        )
        ids = list(ranking[: MOST_READ_SIZE * 4])
        cache.set(key, ids, MOST_READ_CACHE_SECONDS)
    return ids


def most_read_refs():
    """[(days, [CardRef…])] for the "most read" box: views received in the last 7 and 30 days.

    The references (pk, updated_at) of the published articles, not the articles: the box is a
    cached fragment keyed by them, and the rows are loaded only to draw it (most_read_lists()).
    They are shared for a few minutes within one content generation: an editor's unpublishing
    bumps the generation (pagecache.generation), so it drops out at once.
    """
    key = f"{most_read_key('lists')}:v3:{PAGES.current()}"
    refs = cache.get(key)
    if refs is None:
        ranked = {days: most_read_ids(days) for days in MOST_READ_PERIODS}
        wanted = {pk for ids in ranked.values() for pk in ids}
        found = dict(Article.objects.published().filter(pk__in=wanted).card_refs()) if wanted else {}
        refs = [(days, [(pk, found[pk]) for pk in ids if pk in found][:MOST_READ_SIZE]) for days, ids in ranked.items()]
        refs = refs if any(shown for _days, shown in refs) else []
        cache.set(key, refs, MOST_READ_CACHE_SECONDS)
    return [(days, [CardRef(*ref) for ref in shown]) for days, shown in refs]


def most_read_lists(refs=None):
    """most_read_refs() with the articles themselves (one query), as the box shows them."""
    refs = most_read_refs() if refs is None else refs
    wanted = {ref.pk for _days, shown in refs for ref in shown}
    articles = Article.objects.for_listing().in_bulk(wanted) if wanted else {}
    return [(days, [articles[ref.pk] for ref in shown if ref.pk in articles]) for days, shown in refs]


@register.simple_tag(takes_context=True)
def sidebar_boxes(context):
    """The sidebar's boxes (news/sidebar.py), for a page rendered whole."""
    return mark_safe(sidebar.draw(context))  # noqa: S308 - each box's own escaped HTML


@register.simple_tag(takes_context=True)
def most_read_box(context):
    """The sidebar's "most read" box (includes/most_read.html), a fragment keyed by the articles it lists."""
    refs = most_read_refs()
    if not refs:
        return ""
    listed = [(days, versions(shown)) for days, shown in refs]
    return cached_fragment(
        context,
        "most-read",
        [listed],
        lambda: render_to_string("includes/most_read.html", {"periods": most_read_lists(refs)}),
    )


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` (or a URL) as an absolute URL on the host the reader asked for."""
    if not path:
        return ""
    return context["request"].build_absolute_uri(path)


def share_image(article, photos=()):
    """The picture shared with an article: its cover's largest JPEG rendition, else its first photo."""
    if article.cover_image:
        return article.cover_src() if article.cover_width else article.cover_image.url
    for photo in photos:
        return photo.src()
    return ""


@register.simple_tag(takes_context=True)
def share_image_url(context, article, photos=()):
    return absolute_url(context, share_image(article, photos))


@register.inclusion_tag("news/_share.html", takes_context=True)
def share_links(context, article):
    """Facebook and Zalo share links and a copy-link button: plain links, no third-party script."""
    url = absolute_url(context, article.get_absolute_url())
    encoded = quote(url, safe="")
    return {
        "url": url,
        "facebook_url": FACEBOOK_SHARE.format(url=encoded),
        "zalo_url": ZALO_SHARE.format(url=encoded),
    }


def iso_datetime(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def json_for_script(data):
    """JSON that is safe inside a <script> element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_JSON_SCRIPT_ESCAPES)


@register.simple_tag(takes_context=True)
def article_json_ld(context, article, authors, image_url=""):
    """A schema.org NewsArticle describing the article, for search engines."""
    site = context["site"]
    url = absolute_url(context, article.get_absolute_url())
    logo = site.logo.url if site.logo else static("img/emblem.svg")
    publisher = {
        "@type": "Organization",
        "name": site.name,
        "logo": {"@type": "ImageObject", "url": absolute_url(context, logo)},
    }
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title[:110],
        "description": article.lead,
        "inLanguage": "vi",
        "articleSection": article.section.name,
        "datePublished": iso_datetime(article.published_at),
        "dateModified": iso_datetime(article.updated_at),
        "author": [{"@type": "Person", "name": author.name} for author in authors] or [publisher],
        "publisher": publisher,
    }
    if image_url:
        data["image"] = [image_url]
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(json_for_script(data)))
