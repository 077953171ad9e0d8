"""The article cards of the reader pages, each cached by its article's version.

A card is keyed by the article's pk and updated_at, its options and the fragments' generation
(pagecache/fragments.py); a change of its photos or byline touches its updated_at (signals.py).
"""

import hashlib
from datetime import datetime
from typing import NamedTuple

from django.template.loader import get_template
from django.utils.translation import get_language

from pagecache.fragments import cached_html, version_stamp

from .models import Article

CARD_TEMPLATE = "includes/article_card.html"


class CardRef(NamedTuple):
    """An article as far as its cached card is concerned (see also ArticleQuerySet.card_refs())."""

    pk: int
    updated_at: datetime


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
