"""Finding articles by the words readers remember, with or without diacritics.

A query is parsed once, in Python, into accent-free words (the `websearch` syntax readers
know from search engines: "quoted phrases", -excluded words, `or`); the same parsed query
then drives both databases:

- PostgreSQL: `websearch_to_tsquery` against the stored, GIN-indexed vector (title A, lead B,
  body C), ranked by cover density (words close together rank higher, which matters for
  Vietnamese, whose words are several syllables), then by recency.
- SQLite: word-boundary regular expressions over the stored accent-free text, ranked in
  Python by where the words occur. Slower, same results for a development database.

When no article has every word (often one is mistyped), articles with some of them are
offered as near misses. A pg_trgm fallback was measured and left out: Vietnamese syllables
share so many trigrams that its index rechecks thousands of rows (about 2 s per query on
10,000 articles), far from cheap.

Highlighting is done here too, accent-insensitively, on the original text: PostgreSQL's
ts_headline cannot, because the indexed words are accent-free and the text readers see is not.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import F, Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Article, Section, html_to_text
from .text import search_normalize, strip_accents

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
SNIPPET_LENGTH = 260
# PostgreSQL ranks at most this many of the newest matches (see _ranked_postgres).
RANKED_WINDOW = 1000

_WORD = re.compile(r"[^\W_]+")
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


def _on_postgres():
    return connections[router.db_for_read(Article)].vendor == "postgresql"


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
    ranked = _ranked_postgres if _on_postgres() else _ranked_plain
    results = ranked(articles, query)
    words = query.words
    if not results.ids and len(words) > 1:
        # Nothing has every word (often a mistyped one): offer what has most of them.
        results = ranked(articles, ParsedQuery(query.text, [[(False, (word,))] for word in words]))
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
        by_id = Article.objects.for_listing("body").in_bulk(ids)
        found = [by_id[pk] for pk in ids if pk in by_id]
        return found if isinstance(index, slice) else found[0]


def _ranked_postgres(articles, query):
    """Rank, by cover density then recency, the newest RANKED_WINDOW articles matching `query`.

    Ranking reads each candidate's vector; bounding the candidates keeps a query such as
    "dai hoi dang bo", which a Party committee's portal has in most of its articles, fast
    at any size. Rare words are found through the GIN index wherever they are.
    """
    tsquery = SearchQuery(query.websearch(), search_type="websearch", config="simple")
    newest = articles.filter(search_vector=tsquery).order_by("-published_at", "-id").values("pk")
    ids = list(
        Article.objects.filter(pk__in=newest[:RANKED_WINDOW])
        .annotate(rank=SearchRank(F("search_vector"), tsquery, cover_density=True))
        .order_by("-rank", "-published_at", "-id")
        .values_list("pk", flat=True)
    )
    return Results(ids, capped=len(ids) >= RANKED_WINDOW)


def _ranked_plain(articles, query):
    """SQLite and others: word-boundary regular expressions over the accent-free text, every
    match ranked in Python (title words 4, lead words 2), then by recency."""
    condition = Q(pk__in=[])
    for group in query.groups:
        required = Q()
        for negated, phrase in group:
            word_match = Q(search_text__regex=_phrase_pattern(phrase))
            required &= ~word_match if negated else word_match
        condition |= required
    words = query.words
    scored = []
    for pk, title, lead, published_at in articles.filter(condition).values_list("pk", "title", "lead", "published_at"):
        title_words = set(_WORD.findall(search_normalize(title)))
        lead_words = set(_WORD.findall(search_normalize(lead)))
        score = sum(4 * (w in title_words) + 2 * (w in lead_words) for w in words)
        scored.append((-score, -published_at.timestamp(), -pk))
    scored.sort()
    return Results([-pk for _score, _when, pk in scored])


def _phrase_pattern(phrase):
    """A regular expression for the words of `phrase`, whole and in order, anything but letters between."""
    return r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, phrase)) + r"(?![^\W_])"


# Highlighting ----------------------------------------------------------------------------


def _normalized_with_positions(text):
    """The accent-free, lower-case form of `text`, and for each of its characters the
    position of the original character it comes from ('Đ' -> 'd', 'ệ' -> 'e')."""
    chars, positions = [], []
    for i, ch in enumerate(text):
        for out in strip_accents(ch).lower():
            chars.append(out)
            positions.append(i)
    return "".join(chars), positions


def _matches(text, words):
    """Spans (start, end) of `text` holding one of the accent-free `words`."""
    wanted = set(words)
    normalized, positions = _normalized_with_positions(text)
    return [
        (positions[m.start()], positions[m.end() - 1] + 1) for m in _WORD.finditer(normalized) if m.group() in wanted
    ]


def highlight(text, words, length=None):
    """`text` escaped, with the query's words in <mark>, whatever their diacritics or case.

    With `length`, a window of about that many characters around the first match, cut
    at spaces and marked with an ellipsis where it was cut.
    """
    text = text or ""
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
        for name, label in (("from", _("From (dd/mm/yyyy)")), ("to", _("To (dd/mm/yyyy)"))):
            self.fields[name] = forms.DateField(
                label=label,
                required=False,
                input_formats=DATE_FORMATS,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                error_messages={"invalid": _("This date is not valid; it was ignored.")},
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
            if value:
                params[name] = value.slug if name == "section" else value
        return urlencode(params)
