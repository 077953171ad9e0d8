"""What other apps add to news' pages, without news importing them.

Three settings name functions by their dotted paths:
- PORTAL_ARTICLE_BODY_FILTERS: html -> html, applied in order to the article's sanitized body
  (the documents register turns the numbers it knows into links);
- PORTAL_ARTICLE_EXTRAS: article -> html, shown under the article (the documents it cites);
- PORTAL_SEARCH_EXTRAS: query text -> html, shown above the articles the site search found (the
  documents of the register that match).
They run when the page is rendered, so their output is cached with it: the models they read are
in PORTAL_PAGE_CACHE_MODELS, whose changes re-render the pages.
"""

import functools

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe


@functools.cache
def _functions(setting):
    return tuple(import_string(path) for path in getattr(settings, setting, ()))


def filtered_body(html):
    for body_filter in _functions("PORTAL_ARTICLE_BODY_FILTERS"):
        html = body_filter(html)
    return html


def extras(article):
    return mark_safe("".join(str(extra(article)) for extra in _functions("PORTAL_ARTICLE_EXTRAS")))


def search_extras(query_text):
    return mark_safe("".join(str(extra(query_text)) for extra in _functions("PORTAL_SEARCH_EXTRAS")))
