import functools

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from news import fragments
from news.body_images import responsive_body_images
from news.extensions import extras, filtered_body, search_extras
from news.photo_layout import ABOVE_THE_FIRST, photo_slots, split_blocks
from pagecache.fragments import cached_fragment, context_version

register = template.Library()


@register.filter
def truncated(text, length):
    """truncatechars, remembered per text: an article page's meta description is its lead cut
    to 160 characters on every render, which Django counts character by character (~50 µs)."""
    return _truncated(str(text or ""), int(length))


@functools.lru_cache(maxsize=1024)
def _truncated(text, length):
    return Truncator(text).chars(length)


@register.simple_tag
def feed_url(section_slug=None):
    """The address of the site's RSS feed, or of a section's, reversed once per process."""
    return _feed_url(get_urlconf(), get_script_prefix(), section_slug)


@functools.lru_cache(maxsize=256)
def _feed_url(urlconf, prefix, section_slug):
    if section_slug is None:
        return reverse("news:feed", urlconf=urlconf)
    return reverse("news:section_feed", args=[section_slug], urlconf=urlconf)


@register.simple_tag
def cover(article, sizes="(max-width: 600px) 100vw, 600px", loading="lazy"):
    """The article's cover image as a responsive <picture>."""
    if not article.cover_image:
        return ""
    if not article.cover_width:
        return render_to_string(
            "includes/picture.html", {"src": article.cover_image.url, "alt": article.cover_caption or article.title}
        )
    return render_to_string(
        "includes/picture.html",
        {
            "src": article.cover_src(),
            "srcset_webp": article.cover_srcset("webp"),
            "srcset_jpg": article.cover_srcset("jpg"),
            "sizes": sizes,
            "alt": article.cover_caption or article.title,
            "loading": loading,
        },
    )


def render_photo(photo, loading="lazy"):
    return render_to_string(
        "news/_photo.html",
        {
            "photo": photo,
            "picture": render_to_string(
                "includes/picture.html",
                {
                    "src": photo.src(),
                    "srcset_webp": photo.srcset("webp"),
                    "srcset_jpg": photo.srcset("jpg"),
                    "sizes": "(max-width: 760px) 100vw, 760px",
                    "alt": photo.alt,
                    "width": photo.width,
                    "height": photo.height,
                    "loading": loading,
                },
            ),
        },
    )


@register.simple_tag
def body_with_photos(body, photos):
    """The sanitized body with the article's photos placed between its blocks (news/photo_layout.py),
    after the other apps' filters (news/extensions.py), and the photos uploaded into it
    responsive (news/body_images.py)."""
    body = responsive_body_images(filtered_body(body or ""))
    blocks, tail = split_blocks(body)
    photos = list(photos)
    if not photos:
        return mark_safe(body or "")
    if not blocks:
        return mark_safe((body or "") + "".join(render_photo(p) for p in photos))
    slots = photo_slots(len(blocks), photos)
    out = [render_photo(p, loading="eager") for p in slots.get(ABOVE_THE_FIRST, [])]
    for i, block in enumerate(blocks):
        out.append(block)
        for photo in slots.get(i, []):
            out.append(render_photo(photo, loading="eager" if i == 0 else "lazy"))
    out.append(tail)
    return mark_safe("".join(out))


@register.simple_tag
def article_extras(article):
    """What other apps show under an article (news/extensions.py)."""
    return extras(article)


@register.simple_tag(name="search_extras")
def search_extras_tag(query_text):
    """What other apps show above the site search's articles (news/extensions.py)."""
    return search_extras(query_text)


@register.simple_tag(takes_context=True)
def article_cards(context, articles, **options):
    """The cards of `articles` (includes/article_card.html with `options`), each one cached.

    A list of HTML strings, to be placed with a for loop: the template keeps what goes between them.
    """
    return [mark_safe(html) for html in fragments.article_cards(articles, context_version(context), **options)]


@register.simple_tag(takes_context=True)
def article_card(context, article, **options):
    """One card, cached like those of article_cards."""
    return mark_safe(fragments.article_cards([article], context_version(context), **options)[0])


@register.simple_tag(takes_context=True)
def block_cards(context, blocks, **options):
    """[(section, cards)] for [(section, articles)]: the cards of all the blocks with one cache round trip."""
    articles = [article for _section, block in blocks for article in block]
    cards = iter(article_cards(context, articles, **options))
    return [(section, [next(cards) for _article in block]) for section, block in blocks]


@register.tag
def fragment(parser, token):
    """{% fragment name value… %}…{% endfragment %}: the content, cached by the structure version and the values.

    The values must name everything the content shows that is not the sections or site settings
    (those are the structure version): e.g. an article's pk and updated_at, or the current page.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a fragment name.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, bits[1].strip("\"'"), [parser.compile_filter(bit) for bit in bits[2:]])


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        if context_version(context) is None:
            return self.nodelist.render(context)
        vary_on = [value.resolve(context) for value in self.vary_on]
        return cached_fragment(context, self.name, vary_on, lambda: self.nodelist.render(context))
