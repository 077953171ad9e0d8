"""Rendered pieces of reader pages, cached and keyed by the version of what they show.

When the whole-page cache (portal/cache.py) misses, a page is rendered by Django; most of
that work is the same cards, menu and article body as in the previous render. Those pieces
are kept in the cache under keys made from what they show ("Russian-doll" caching):

- an article card: the article's pk and updated_at, the card's options, the structure version;
- the page chrome (header, menu, footer): the structure version and what marks the current page;
- an article's meta tags, header and body: pk, updated_at and the structure version (a change
  of its photos or byline touches its updated_at, see signals.py), the host for absolute URLs;
- lists of cards (the home page's main column, a section page): the versions of their cards;
- the frame of a home, section or article page, everything but its sidebar (framed_page()):
  what the page's own fragments are keyed by, from the page's one query. A page-cache miss
  (every page after each publication, see portal/cache.py) then costs that query, an
  article's view count, one fragment and the sidebar, not a render.

The *structure version* changes when a section or the site settings are saved or deleted:
section names and addresses appear in cards, menus and breadcrumbs, the site settings in the
chrome. Keys also carry the release of the static files (fragment_version()). It is
deliberately not the content generation of the page cache: that changes with
every article saved, and would make every fragment cold after each publication, while here an
edit of one article re-renders its own card and nothing else.

Keys never need deleting: a changed object has a new key, old ones expire. With the cache
unreachable every fragment is a miss and is simply rendered.
"""

import hashlib
import logging
import time
from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .models import Article

logger = logging.getLogger(__name__)

STRUCTURE_KEY = "news:structure"
CARD_TEMPLATE = "includes/article_card.html"

_bump_pending = False


def structure_changed(**kwargs):
    """Signal receiver: a section or the site settings changed, every fragment showing them is stale.

    Bumps now and again at commit: a fragment rendered in between from the not yet committed
    rows cannot outlive the commit.
    """
    _bump()
    transaction.on_commit(_bump)


def _bump():
    global _bump_pending
    try:
        done = cache.incr(STRUCTURE_KEY) is not None  # None: the resilient backend is down
    except ValueError:  # never set, or evicted: a fresh version is a new version too
        cache.add(STRUCTURE_KEY, _fresh_version(), None)
        done = cache.get(STRUCTURE_KEY) is not None
    # Redis unreachable: fragments stored before the outage would survive it. This process
    # retries at its next read; PORTAL_FRAGMENT_CACHE_SECONDS bounds them anyway.
    _bump_pending = not done
    if not done:
        logger.warning("Could not invalidate the page fragments; will retry.")


def _fresh_version():
    # Milliseconds: larger than any number an evicted version could have reached.
    return int(time.time() * 1000)


def structure_version(found=None):
    """The current structure version, or None when the cache is unreachable (then nothing is cached).

    `found`: the result of a get_many() that already asked for STRUCTURE_KEY.
    """
    if _bump_pending:
        _bump()
        found = None
    version = (found if found is not None else cache.get_many([STRUCTURE_KEY])).get(STRUCTURE_KEY)
    if version is None:
        cache.add(STRUCTURE_KEY, _fresh_version(), None)
        version = cache.get(STRUCTURE_KEY)
    return version


def fragment_version(found=None):
    """What every fragment key starts with: the structure version and the release of the static
    files (fragments hold their hashed URLs, e.g. the poll box's script, which a deployment with
    new static files changes). None when the cache is unreachable."""
    version = structure_version(found)
    if version is None:
        return None
    return f"{version}.{getattr(staticfiles_storage, 'manifest_hash', '')}"


def request_version(request, found=None):
    """The fragment version for a page made for `request`: None, so nothing is cached, for an
    editor who logged in (they see pages rendered from the database, as the page cache never
    serves them either), or when the cache is unreachable. `found`: as for fragment_version()."""
    user = getattr(request, "user", None)  # absent without the authentication middleware
    if user is not None and user.is_authenticated:
        return None
    return fragment_version(found)


def context_version(context):
    """The fragment version of a template render (fragment_version()), looked up once per request
    by the context processor; None, so nothing is cached, when rendered without it (e.g. Django's CSRF failure
    page, which has no `site` either: its header must not be stored for other pages)."""
    return context.get("fragment_version")


def fragment_key(name, version, *vary_on):
    # Hashed: vary_on may hold spaces or long strings, which some cache backends refuse in keys.
    parts = ":".join(str(part) for part in (get_language(), *vary_on))
    return f"fragment:{name}:{version}:{hashlib.md5(parts.encode(), usedforsecurity=False).hexdigest()}"


def cached_fragment(context, name, vary_on, render):
    """The HTML of fragment `name` of a template render (its `context`), keyed by the values
    `vary_on`; render() makes it when it is not cached. The {% fragment %} tag, for template tags."""
    version = context_version(context)
    if version is None:
        return mark_safe(render())
    return cached_html([fragment_key(name, version, *vary_on)], lambda _missing: [render()])[0]


class CardRef(NamedTuple):
    """An article as far as its cached card is concerned (see also ArticleQuerySet.card_refs())."""

    pk: int
    updated_at: datetime


def cached_html(keys, render):
    """The HTML (safe strings) for each of `keys`, with one cache round trip for all of them.

    render(indices) makes the pieces missing from the cache, in that order; `keys` holds None
    where a piece must not be cached. What was rendered is stored with one set_many().
    """
    wanted = [key for key in keys if key is not None]
    # get_many even for one key: the portal's Redis client answers it on a connection of its own,
    # faster than get() (portal/cache.py, _ReusedClient).
    found = cache.get_many(wanted) if wanted else {}
    html = [found.get(key) for key in keys]
    missing = [i for i, piece in enumerate(html) if piece is None]
    if missing:
        stored = {}
        for i, piece in zip(missing, render(missing), strict=True):
            html[i] = piece
            if keys[i] is not None and piece:  # an empty piece: nothing to show, or nothing to save
                stored[keys[i]] = _plain(piece)
        if stored:
            cache.set_many(stored, settings.PORTAL_FRAGMENT_CACHE_SECONDS)
    return [mark_safe(piece) for piece in html]


def _plain(html):
    """`html` as a plain str for the cache: a pickled SafeString is rebuilt through its class on
    every read (18 µs for an article's 8 KB body, 10 µs as a str); cached_html() marks it safe
    again."""
    return str.__str__(html)


# Where the sidebar goes in a page's frame (templates/news/base_news.html).
SIDEBAR_MARKER = mark_safe("<!--portal:sidebar-->")


def framed_page(request, name, vary_on, render, sidebar):
    """A reader page whose frame, all of it but the sidebar, is one cached fragment.

    render(sidebar_marker) renders the page whole (marker None) or with SIDEBAR_MARKER where the
    sidebar goes; the frame is kept as the UTF-8 bytes before and after the marker, keyed by
    `name` and `vary_on` (what the page shows besides the sidebar). sidebar(version) draws the
    sidebar (the poll box and the most-read box, which change on their own) for each request.
    A reader with messages waiting, or an editor, gets the page rendered whole.
    """
    version = request_version(request)
    messages = getattr(request, "_messages", None)
    if version is None or (messages is not None and len(messages)):
        return render(None)
    key = fragment_key(f"frame-{name}", version, *vary_on)
    frame = cache.get_many([key]).get(key)
    if frame is None:
        response = render(SIDEBAR_MARKER)
        before, marker, after = response.content.partition(_SIDEBAR_MARKER_BYTES)
        if response.status_code != 200 or not marker:  # a page without this sidebar: as it is
            return response
        cache.set(key, (before, after), settings.PORTAL_FRAGMENT_CACHE_SECONDS)
    else:
        before, after = frame
        response = HttpResponse()
    response.content = b"".join((before, sidebar(version).encode(), after))
    return response


_SIDEBAR_MARKER_BYTES = SIDEBAR_MARKER.encode()


def version_stamp(moment):
    """An exact, compact form of a timestamp for keys (updated_at has microseconds)."""
    return f"{moment.timestamp():.6f}" if moment is not None else ""


def versions(articles):
    """pk and updated_at of each article: the key of a fragment showing them, e.g. a list of cards."""
    return [(a.pk, version_stamp(a.updated_at)) for a in articles]


def article_cards(articles, version, variant="", heading="", show_lead=False, show_section=False, sizes=""):
    """The HTML of one card per article (templates/includes/article_card.html), cached per article.

    `articles` may be Article instances or mere card references (ArticleQuerySet.card_refs():
    pk and updated_at): the rows of the cards missing from the cache are then loaded with one
    query, so a page whose cards are all cached never loads them.
    """
    articles = list(articles)
    options = {
        "variant": variant,
        "heading": heading,
        "show_lead": show_lead,
        "show_section": show_section,
        "sizes": sizes,
    }
    if version is None:
        keys = [None] * len(articles)
    else:
        # The card's options are part of every key: digest them once for the whole list.
        flavour = hashlib.md5(repr(sorted(options.items())).encode(), usedforsecurity=False).hexdigest()[:12]
        prefix = f"fragment:card:{version}:{get_language()}:{flavour}"
        keys = [f"{prefix}:{a.pk}:{version_stamp(a.updated_at)}" for a in articles]

    def render(indices):
        wanted = [articles[i].pk for i in indices if not isinstance(articles[i], Article)]
        rows = Article.objects.for_listing().in_bulk(wanted) if wanted else {}
        card = get_template(CARD_TEMPLATE)
        section_urls = {}  # reverse() once per section, not once per card
        cards = []
        for i in indices:
            article = articles[i] if isinstance(articles[i], Article) else rows.get(articles[i].pk)
            if article is None:  # deleted since the list was read: left out, and not stored
                cards.append("")
                continue
            if show_section and article.section_id not in section_urls:
                section_urls[article.section_id] = article.section.get_absolute_url()
            context = {"article": article, "url": article.get_absolute_url(), **options}
            cards.append(card.render({**context, "section_url": section_urls.get(article.section_id)}))
        return cards

    return cached_html(keys, render)
