"""Server-side cleaning of the HTML editors write in CKEditor 5.

Whatever the browser sent, only the markup the editor itself produces survives:
no scripts, event handlers, styles, javascript:/data: URLs or unknown tags.
"""

import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "figure",
    "figcaption",
    "img",
    "picture",
    "source",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "hr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes"},
    "source": {"srcset", "type", "sizes"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed"},
}
# CKEditor marks figures with these classes; nothing else is kept.
ALLOWED_CLASSES = {"figure": {"image", "table", "image-style-side", "image_resized"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def _safe_srcset(tag, attribute, value):
    """nh3 checks the schemes of href and src but not of srcset: drop a srcset with any other scheme."""
    if attribute != "srcset":
        return value
    for candidate in value.split(","):
        url = "".join(ch for ch in candidate.strip().split(" ")[0] if ch > " ")
        scheme = _SCHEME.match(url)
        if scheme and scheme.group(1).lower() not in ("http", "https"):
            return None
    return value


_FIGURE = re.compile(r"<figure\b[^>]*>.*?</figure>", re.IGNORECASE | re.DOTALL)
_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt=)", re.IGNORECASE)
_FIGCAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.IGNORECASE | re.DOTALL)


def _describe_images(html):
    """Give every image a text alternative: its figure's caption, else an empty alt.

    CKEditor lets a photo go in without alt text; readers of screen readers would then hear
    the file name. nh3's output is serialized HTML (quoted, escaped), so the caption's text,
    once its tags are dropped, is already escaped for an attribute except for quotes.
    """

    def figure(match):
        block = match.group(0)
        caption = _FIGCAPTION.search(block)
        text = re.sub(r"<[^>]+>", "", caption.group(1)).strip() if caption else ""
        return _IMG_WITHOUT_ALT.sub(f'<img alt="{text.replace(chr(34), "&quot;")}"', block)

    html = _FIGURE.sub(figure, html)
    return _IMG_WITHOUT_ALT.sub('<img alt=""', html)


def clean_html(html):
    """Return `html` reduced to the editor's allowlist, every image with a text alternative."""
    return _describe_images(_clean(html))


def _clean(html):
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_safe_srcset,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
