"""The number and code of a document as the register compares them."""

import re

from news.text import strip_accents

_PART = re.compile(r"[0-9A-Z]+")


def code_key(number):
    """“133-KH/QU”, “133 – kh/qu” -> “133-KH-QU”; “45/QĐ-UBND” -> “45-QD-UBND”.

    Capitals without accents, its letters and digits joined by one hyphen whatever stood
    between them: two documents whose keys are equal have the same number, and a reader's
    query is matched against the keys, so that “133 kh qu” finds 133-KH/QU.
    """
    return "-".join(_PART.findall(strip_accents(number or "").upper()))[:60]
