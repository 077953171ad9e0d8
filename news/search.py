"""Finding articles by the words readers remember, with or without diacritics.

A query is parsed once, in Python, into accent-free words (the `websearch` syntax readers
know from search engines: "quoted phrases", -excluded words, `or`), which then drives
PostgreSQL's `websearch_to_tsquery` against the stored, GIN-indexed vector (title A, lead B,
body C), ranked phrase first (see PHRASE_TIERS), then with ts_rank (the weights: title
words count most), then by recency.
ts_rank_cd (cover density) was measured too: twenty times the cost per article for a small
gain, so no.

When no article has every word (often one is mistyped), articles with some of them are
offered as near misses. A pg_trgm fallback was measured and left out: Vietnamese syllables
share so many trigrams that its index rechecks thousands of rows (about 2 s per query on
10,000 articles), far from cheap.

Highlighting is done here too, accent-insensitively, on the original text: PostgreSQL's
ts_headline cannot, because the indexed words are accent-free and the text readers see is not.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Article, Section
from .text import SEARCH_WORD, html_to_text, search_normalize, strip_accents

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
SNIPPET_LENGTH = 260
# PostgreSQL ranks at most this many of the newest matches (twenty pages; the date filters
# reach further back), looking for them among the newest RECENT_ARTICLES articles first
# (see _ranked).
RANKED_WINDOW = 300
RECENT_ARTICLES = 5000
RECENT_BOUNDARY_KEY = "news:search:recent-boundary"

_WORD = SEARCH_WORD
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass
class ParsedQuery:
    """A reader's query as accent-free words: OR-groups of required and excluded words or phrases."""

    text: str = ""
    groups: list = field(default_factory=list)  # [[(negated, (word, ...)), ...], ...]

    def __bool__(self):
        return bool(self.groups)

    @property
    def words(self):
        """The words to highlight: every required word of every group."""
        seen = {}
        for group in self.groups:
            for negated, phrase in group:
                if not negated:
                    seen.update(dict.fromkeys(phrase))
        return list(seen)

    def phrase(self):
        """The phrases to rank first, as a tsquery: each group's required words, in the order typed.

        Only groups of two words or more: a single word has no order, and ts_rank already
        counts a title word most. Empty when there is no such group.
        """
        phrases = []
        for group in self.groups:
            words = [word for negated, phrase in group if not negated for word in phrase]
            if len(words) > 1:
                phrases.append("(" + " <-> ".join(f"'{word}'" for word in words) + ")")
        return " | ".join(phrases)

    def websearch(self):
        """The query in PostgreSQL's websearch syntax, rebuilt from plain words (nothing to escape)."""
        groups = []
        for group in self.groups:
            items = []
            for negated, phrase in group:
                item = phrase[0] if len(phrase) == 1 else '"' + " ".join(phrase) + '"'
                items.append(("-" if negated else "") + item)
            groups.append(" ".join(items))
        return " or ".join(groups)


def parse_query(raw):
    """Parse what a reader typed; anything but letters and digits is a separator.

    `dai hoi "dang bo" -quan or phuong`: two groups, the first requiring `dai`, `hoi` and
    the phrase `dang bo` without `quan`. A word that contains separators (`covid-19`,
    `15/3`) must match as a phrase. Groups with no required word are dropped: they would
    match nearly everything.
    """
    text = " ".join((raw or "").split())[:MAX_QUERY_LENGTH]
    groups, group, budget = [], [], MAX_WORDS
    for match in _TOKEN.finditer(search_normalize(text)):
        negated, quoted, bare = match.group(1) == "-", match.group(2), match.group(3)
        if bare is not None:
            if bare == "or":
                groups.append(group)
                group = []
                continue
            negated = bare.startswith("-")
            words = tuple(_WORD.findall(bare))
        else:
            words = tuple(_WORD.findall(quoted))
        words = words[:budget]
        if words:
            budget -= len(words)
            group.append((negated, words))
    groups.append(group)
    return ParsedQuery(text=text, groups=[g for g in groups if any(not negated for negated, _w in g)])


def search_articles(query, section=None, date_from=None, date_to=None):
    """Published articles matching `query`, best first, as a `Results` sequence for a Paginator."""
    articles = Article.objects.published()
    if section is not None:
        articles = articles.filter(Q(section=section) | Q(section__parent=section))
    if date_from:
        articles = articles.filter(published_at__gte=_day_start(date_from))
    if date_to:
        articles = articles.filter(published_at__lt=_day_start(date_to + timedelta(days=1)))
    if not query:
        return Results([])
    results = _ranked(articles, query)
    words = query.words
    if not results.ids and len(words) > 1:
        # Nothing has every word (often a mistyped one): offer what has most of them.
        results = _ranked(articles, ParsedQuery(query.text, [[(False, (word,))] for word in words]))
        results.near_misses = bool(results.ids)
    return results


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


class Results:
    """Ids of the articles found, best first; a page loads its articles in one query.

    `capped` says that more articles matched than were ranked (see RANKED_WINDOW);
    `near_misses` that none had all the words, and these have some of them.
    """

    def __init__(self, ids, capped=False, near_misses=False):
        self.ids, self.capped, self.near_misses = ids, capped, near_misses

    def __len__(self):
        return len(self.ids)

    def count(self):
        return len(self.ids)

    def __getitem__(self, index):
        ids = self.ids[index] if isinstance(index, slice) else [self.ids[index]]
        by_id = Article.objects.published().for_listing("body").in_bulk(ids)
        found = [by_id[pk] for pk in ids if pk in by_id]
        return found if isinstance(index, slice) else found[0]


def _ranked(articles, query):
    """Rank the newest RANKED_WINDOW articles matching `query` by relevance, then recency.

    Two things keep this fast at any size. The candidates are bounded: a query such as
    "dai hoi dang bo", which a Party committee's portal has in most of its articles, ranks
    only its newest matches, while rare words are found wherever they are through the GIN
    index. And the newest are looked for among the RECENT_ARTICLES newest articles first,
    older ones only when those have too few: PostgreSQL then reads the matches of a fairly
    common word in one recent stretch, not all its thousands of matches to sort them by date.
    Either way the result is the same: the newest RANKED_WINDOW matches.
    """
    websearch = query.websearch()
    matching = articles.filter(search_vector=SearchQuery(websearch, search_type="websearch", config="simple"))
    boundary = _recent_boundary()
    if boundary is None:
        rows = _rank_newest(matching, query, RANKED_WINDOW)
    else:
        rows = _rank_newest(matching.filter(published_at__gt=boundary), query, RANKED_WINDOW)
        if len(rows) < RANKED_WINDOW:
            rows += _rank_newest(matching.filter(published_at__lte=boundary), query, RANKED_WINDOW - len(rows))
    rows.sort(key=lambda row: (-row[2][0], -row[2][1], -row[1].timestamp(), -row[0]))
    return Results([pk for pk, _published, _rank in rows], capped=len(rows) >= RANKED_WINDOW)


def _recent_boundary():
    """Publication time of the RECENT_ARTICLES-th newest article, None with fewer articles.

    Kept a few minutes: any boundary splits the search correctly, a fresh one only splits it best.
    """
    boundary = cache.get(RECENT_BOUNDARY_KEY, False)
    if boundary is False:
        newest = Article.objects.published().order_by("-published_at").values_list("published_at", flat=True)
        boundary = next(iter(newest[RECENT_ARTICLES : RECENT_ARTICLES + 1]), None)
        cache.set(RECENT_BOUNDARY_KEY, boundary, 600)
    return boundary


# How an article's text holds the query's phrase (ParsedQuery.phrase), the first key of the
# order: the words in order in the title or the lead (each on its own: a title's last word and
# the lead's first are not a phrase), else in order in the body, else only apart.
PHRASE_TIERS = """
    CASE WHEN ts_filter(c.search_vector, '{a}') @@ %s::tsquery
           OR ts_filter(c.search_vector, '{b}') @@ %s::tsquery THEN 2
         WHEN ts_filter(c.search_vector, '{c}') @@ %s::tsquery THEN 1
         ELSE 0 END"""


def _rank_newest(matching, query, limit):
    """(id, published_at, (phrase tier, rank)) of the `limit` newest of `matching`.

    The rank is computed around the candidate query, not inside it: inside, PostgreSQL would
    rank every match before sorting them by date. Django cannot express a subquery in FROM,
    hence this small piece of SQL around the ORM's own (parameters kept apart).
    """
    candidates = matching.order_by("-published_at", "-id").values_list("id", "published_at", "search_vector")
    sql, params = candidates[:limit].query.sql_with_params()
    phrase = query.phrase()
    tiers = PHRASE_TIERS if phrase else "0"
    tier_params = [phrase] * 3 if phrase else []
    with connections[matching.db].cursor() as cursor:
        cursor.execute(
            f"SELECT c.id, c.published_at, {tiers}, ts_rank(c.search_vector, websearch_to_tsquery('simple', %s)) "
            f"FROM ({sql}) AS c",
            [*tier_params, query.websearch(), *params],
        )
        return [(pk, published, (tier, rank)) for pk, published, tier, rank in cursor.fetchall()]


# Highlighting ----------------------------------------------------------------------------


class _Folding(dict):
    """str.translate table: each character to its accent-free, lower-case form ('Đ' -> 'd',
    'ệ' -> 'e'), one character for one, so that positions in the folded text are positions
    in the original. Filled as characters are met; a character whose form is not a single
    character (a ligature, a lone combining mark) stands for itself."""

    def __missing__(self, code):
        folded = strip_accents(chr(code)).lower()
        self[code] = folded if len(folded) == 1 else chr(code)
        return self[code]


_FOLDING = _Folding()


def _matches(text, words):
    """Spans (start, end) of `text` (composed, NFC) holding one of the accent-free `words`."""
    if not words:
        return []
    folded = unicodedata.normalize("NFC", text).translate(_FOLDING)
    return [m.span() for m in _words_pattern(frozenset(words)).finditer(folded)]


@functools.lru_cache(maxsize=256)
def _words_pattern(words):
    """One regular expression for whole `words`: the scanning stays in C, whatever the text's length."""
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")


def highlight(text, words, length=None):
    """`text` escaped, with the query's words in <mark>, whatever their diacritics or case.

    With `length`, a window of about that many characters around the first match, cut
    at spaces and marked with an ellipsis where it was cut.
    """
    # Composed form: text typed with combining accents (decomposed) folds letter for letter too.
    text = unicodedata.normalize("NFC", text or "")
    spans = _matches(text, words) if words else []
    start, end = 0, len(text)
    if length and len(text) > length:
        first = spans[0][0] if spans else 0
        start = 0 if first < length // 3 else text.rfind(" ", 0, first - length // 4) + 1
        end = start + length
        if end < len(text):
            cut = text.rfind(" ", start, end)
            end = cut if cut > start else end
        else:
            end = len(text)
    out, cursor = [], start
    if start > 0:
        out.append("… ")
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    if end < len(text):
        out.append(" …")
    return mark_safe("".join(out))  # every piece of the text was escaped above


def decorate(articles, query):
    """Give each found article a highlighted title and snippet (from the lead, else the body)."""
    words = query.words
    for article in articles:
        article.title_html = highlight(article.title, words)
        text = article.lead
        if not _matches(text, words):
            body = html_to_text(article.body)
            if _matches(body, words):
                text = body
        article.snippet = highlight(text, words, length=SNIPPET_LENGTH)
    return articles


# The form --------------------------------------------------------------------------------

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


class SearchForm(forms.Form):
    """The search and its filters, read from the address (GET): an invalid filter is ignored."""

    q = forms.CharField(label=_("Words to look for"), required=False)
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Section.objects.visible(),
        to_field_name="slug",
        required=False,
        empty_label=_("All sections"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # `from` and `to` are Python keywords, so these two cannot be declared above.
        for name, label in (("from", _("From date")), ("to", _("To date"))):
            self.fields[name] = forms.DateField(
                label=label,
                required=False,
                input_formats=DATE_FORMATS,
                # Readers type dd/mm/yyyy (the page's hint); older links carry yyyy-mm-dd.
                error_messages={
                    "invalid": _("This date is not valid (day/month/year, e.g. 02/09/2025); it was ignored.")
                },
            )

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())[:MAX_QUERY_LENGTH]

    def _clean_day(self, name):
        day = self.cleaned_data.get(name)
        if day and not EARLIEST <= day <= LATEST:
            raise ValidationError(_("This date is out of range; it was ignored."), code="range")
        return day

    def clean(self):
        data = super().clean()
        for name in ("from", "to"):
            if name in data:
                try:
                    data[name] = self._clean_day(name)
                except ValidationError as error:
                    self.add_error(name, error)
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            self.add_error("to", _("The end date is before the start date; it was ignored."))
        return data

    def search(self):
        """Run the search with whatever part of the form is valid: (query, results)."""
        self.is_valid()
        data = self.cleaned_data
        query = parse_query(data.get("q", ""))
        return query, search_articles(query, data.get("section"), data.get("from"), data.get("to"))

    def querystring(self):
        """The valid, non-empty parameters, for the pagination links."""
        params = {}
        for name in ("q", "section", "from", "to"):
            value = self.cleaned_data.get(name)
            if value and name == "section":
                value = value.slug
            elif value and name in ("from", "to"):
                value = value.strftime("%d/%m/%Y")  # as readers type it
            if value:
                params[name] = value
        return urlencode(params)
