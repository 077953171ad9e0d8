"""Vietnamese-aware text helpers: slugs and accent-free forms for search."""

import unicodedata

from django.utils.text import slugify

# Đ/đ is a letter of its own, not D with a combining mark, so NFKD leaves it alone.
_LETTERS = str.maketrans({"đ": "d", "Đ": "D"})


def strip_accents(text):
    """Return `text` without Vietnamese diacritics: 'Đại hội' -> 'Dai hoi'."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def vn_slugify(text, max_length=200):
    """Slug that transliterates Vietnamese: 'Đại hội Đảng bộ' -> 'dai-hoi-dang-bo'."""
    slug = slugify(strip_accents(text))
    return slug[:max_length].strip("-")


def search_normalize(text):
    """Lower-case, accent-free form used to match queries typed without diacritics."""
    return " ".join(strip_accents(text).lower().split())
