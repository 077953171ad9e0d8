"""Numbers and codes of the register named in an article's text become links to their documents
(PORTAL_ARTICLE_BODY_FILTERS): "kế hoạch số 133-KH/QU" links to /van-ban/133-kh-qu/.

The body is the sanitized HTML of the newsroom (every attribute quoted): it is cut into tags and
text, and only text outside links and headings is changed. A number becomes a link when exactly
one published document has it (two bodies may use the same number: then none is guessed).
One query for a body that names numbers, none for one that names none.
"""

import re
from collections import defaultdict

from django.urls import reverse
from django.utils.html import escape

from .models import Document
from .text import code_key

# A tag, its quoted attributes possibly holding ">".
_TAG = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")
_TAG_NAME = re.compile(r"^</?\s*([a-zA-Z0-9]+)")
# Digits, then at least one part of letters after "-" or "/": 133-KH/QU, 45/QĐ-UBND, 01-NQ/TU.
_NUMBER = re.compile(r"(?<![\w/-])(\d{1,5}(?:[-/][A-ZĐ]{1,10}){1,4})(?![\w/-])")
_SKIPPED = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre"}


def _pieces(html):
    """(is_tag, text) pieces, and for text whether it stands inside an element left alone."""
    depth = 0
    for piece in _TAG.split(html):
        if not piece:
            continue
        if piece.startswith("<"):
            name = _TAG_NAME.match(piece)
            name = name.group(1).lower() if name else ""
            if name in _SKIPPED and not piece.endswith("/>"):
                depth += -1 if piece.startswith("</") else 1
                depth = max(depth, 0)
            yield True, piece, False
        else:
            yield False, piece, depth > 0


def _known(keys):
    """{code_key: url} of the keys one published document alone has."""
    found = defaultdict(list)
    rows = Document.objects.published().filter(code_key__in=keys).values_list("code_key", "slug")
    for key, slug in rows:
        found[key].append(slug)
    return {
        key: reverse("documents:documents_detail", kwargs={"slug": slugs[0]})
        for key, slugs in found.items()
        if len(slugs) == 1
    }


def link_document_numbers(html):
    if not html or not _NUMBER.search(html):
        return html
    pieces = list(_pieces(html))
    keys = {
        code_key(m) for is_tag, text, skipped in pieces if not is_tag and not skipped for m in _NUMBER.findall(text)
    }
    urls = _known(keys) if keys else {}
    if not urls:
        return html

    def link(match):
        url = urls.get(code_key(match.group(1)))
        if url is None:
            return match.group(0)
        return f'<a class="document-link" href="{escape(url)}">{match.group(1)}</a>'

    return "".join(text if is_tag or skipped else _NUMBER.sub(link, text) for is_tag, text, skipped in pieces)
