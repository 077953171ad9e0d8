"""What the register's pages read, in a constant number of queries whatever the number of documents.

`search(q, documents)` is the one way to find documents by what a reader typed: other apps
(the site search, the articles' links) call it too.
"""

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Case, F, IntegerField, Max, Min, Prefetch, Value, When
from django.db.models.functions import Substr

from news.search import ParsedQuery, highlight, parse_query

from .models import Document, Field, IssuingBody, Kind
from .text import code_key

# How many documents a search ranks at most: the newest matches (of the words, of the code).
RANKED_WINDOW = 300
# What of a document's PDF text a page loads: the text version on its page, the snippet in a search.
TEXT_SHOWN = 20_000
SNIPPET_LENGTH = 260
MAX_QUERY_LENGTH = 200


def listing(documents=None):
    """Published documents as the register lists them, without their PDF's text."""
    documents = Document.objects.published() if documents is None else documents
    return documents.select_related("kind", "issuing_body", "field").defer("text", "search_vector")


def vocabularies():
    """{"kind": [...], "body": [...], "field": [...]}: the filters' choices, in one query."""
    rows = (
        Kind.objects.annotate(vocabulary=Value("kind"))
        .values_list("vocabulary", "id", "name", "slug", "order")
        .union(
            IssuingBody.objects.annotate(vocabulary=Value("body")).values_list(
                "vocabulary", "id", "name", "slug", "order"
            ),
            Field.objects.annotate(vocabulary=Value("field")).values_list("vocabulary", "id", "name", "slug", "order"),
            all=True,
        )
    )
    found = {"kind": [], "body": [], "field": []}
    for vocabulary, pk, name, slug, _order in sorted(rows, key=lambda row: (row[4], row[2])):
        found[vocabulary].append(Choice(pk, name, slug))
    return found


@dataclass(frozen=True)
class Choice:
    pk: int
    name: str
    slug: str


def years():
    """The years from the newest published document's back to the oldest's (one query, two index
    lookups: a DISTINCT over the years would read every row)."""
    span = Document.objects.published().aggregate(first=Min("issued_on"), last=Max("issued_on"))
    if span["first"] is None:
        return []
    return list(range(span["last"].year, span["first"].year - 1, -1))


def document(slug):
    """A published document with what its page shows (three queries), or None."""
    replaced_by = Document.objects.published().select_related("kind").defer("text", "search_vector")
    found = (
        Document.objects.published()
        .filter(slug=slug)
        .select_related("kind", "issuing_body", "field")
        .defer("text", "search_vector")
        .annotate(text_shown=Substr("text", 1, TEXT_SHOWN))
        .prefetch_related(
            Prefetch("replaces", queryset=replaced_by.order_by("-issued_on", "-id")),
            "attachments",
        )
        .first()
    )
    if found is not None and found.replaced_by_id:
        # One query more only for a replaced document; an unpublished replacement is not shown.
        found.shown_replacement = replaced_by.filter(pk=found.replaced_by_id).first()
    return found


def file_of(slug):
    """The file fields of a published document (one query), or None."""
    return (
        Document.objects.published()
        .filter(slug=slug)
        .only("slug", "number", "file", "file_size", "word_file", "word_file_size", "updated_at")
        .first()
    )


# Search ---------------------------------------------------------------------------------------


@dataclass
class Results:
    """The ids of the documents found, best first; a page of them is loaded in one query (a
    sequence for a Paginator). `near_misses`: no document had every word, these have some;
    `capped`: more matched than RANKED_WINDOW, the best of the newest are kept."""

    ids: list = field(default_factory=list)
    query: ParsedQuery = field(default_factory=ParsedQuery)
    near_misses: bool = False
    capped: bool = False

    def __len__(self):
        return len(self.ids)

    def count(self):
        return len(self.ids)

    def __getitem__(self, index):
        ids = self.ids[index] if isinstance(index, slice) else [self.ids[index]]
        by_id = listing().annotate(text_shown=Substr("text", 1, TEXT_SHOWN)).in_bulk(ids)
        found = [decorate(by_id[pk], self.query) for pk in ids if pk in by_id]
        return found if isinstance(index, slice) else found[0]


def search(q, documents=None):
    """Published documents (or those of `documents`) matching what a reader typed, best first.

    By number and code first: the exact code (“133-KH/QU”, “133 kh qu”), then codes having
    its parts (“133”, “KH/QU”), then the words of the summary, the names and the PDF's text,
    accent-free and ranked (ts_rank: number and summary weigh most). When none of these finds
    anything, codes holding it inside a part (“33” in 133-KH/QU), then documents with some of
    the words. Two queries through GIN indexes; one or two more when nothing was found.
    """
    documents = Document.objects.published() if documents is None else documents
    text = " ".join((q or "").split())[:MAX_QUERY_LENGTH]
    query = parse_query(text)
    codes = code_matches(documents, text)
    found = word_matches(documents, query)
    near_misses = False
    if not codes and not found:
        codes = code_matches(documents, text, inside=True)
        words = query.words
        if not codes and len(words) > 1:
            found = word_matches(documents, ParsedQuery(query.text, [[(False, (word,))] for word in words]))
            near_misses = bool(found)
    ordered = dict.fromkeys(codes)
    ordered.update(dict.fromkeys(found))
    capped = RANKED_WINDOW in (len(codes), len(found))
    return Results(list(ordered), query, near_misses, capped)


def looks_like_code(text):
    """A query a number and code may answer: with a digit, or letters joined by / or - (“KH/QU”)."""
    return any(ch.isdigit() for ch in text) or "/" in text or "-" in text


def code_matches(documents, text, inside=False):
    """Ids of documents whose code has the query's parts (“133”, “KH/QU”), the exact code first,
    through the GIN index of the parts; `inside`: codes holding it anywhere, read row by row."""
    key = code_key(text)
    if not key or not looks_like_code(text):
        return []
    if inside:
        matching = documents.filter(code_key__contains=key)
    else:
        matching = documents.filter(code_parts__contains=key.split("-"))
    exact = Case(When(code_key=key, then=1), default=0, output_field=IntegerField())
    return list(
        matching.annotate(exact=exact)
        .order_by("-exact", "-issued_on", "-id")
        .values_list("id", flat=True)[:RANKED_WINDOW]
    )


def word_matches(documents, query):
    """Ids of the newest RANKED_WINDOW documents having the query's words, ranked by relevance.

    The newest matches are taken first through the GIN index, then only those are ranked: a
    word most documents have (“đảng”) does not make PostgreSQL rank them all.
    """
    if not query:
        return []
    tsquery = SearchQuery(query.websearch(), search_type="websearch", config="simple")
    newest = documents.filter(search_vector=tsquery).order_by("-issued_on", "-id").values("id")[:RANKED_WINDOW]
    return list(
        Document.objects.filter(id__in=newest)
        .annotate(rank=SearchRank(F("search_vector"), tsquery))
        .order_by("-rank", "-issued_on", "-id")
        .values_list("id", flat=True)
    )


def decorate(document, query):
    """A found document's summary with the query's words marked, and a snippet of its PDF's text
    when the words are there and not in the summary."""
    words = query.words
    document.summary_html = highlight(document.summary, words)
    document.snippet = ""
    if words and "<mark>" not in document.summary_html:
        snippet = highlight(getattr(document, "text_shown", ""), words, length=SNIPPET_LENGTH)
        if "<mark>" in snippet:
            document.snippet = snippet
    return document
