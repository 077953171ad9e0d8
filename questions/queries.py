"""What the reader pages read, in a constant number of queries whatever the number of questions."""

from news.text import search_words

from .models import Question, Topic

MAX_QUERY_LENGTH = 200
# Only what readers may see: never the asker's contact details, not even into memory.
PUBLIC_FIELDS = ["id", "title", "text", "answer", "asker_name", "published_at", "topic", "body"]


def published():
    return (
        Question.objects.published()
        .select_related("topic", "body")
        .only(*PUBLIC_FIELDS, "topic__name", "topic__slug", "body__name", "status")
        .order_by("-published_at", "-id")
    )


def search(q, questions):
    """Questions whose title, text or answer has every word typed, with or without diacritics
    ('dat dai' finds 'đất đai'): the accent-free words against the accent-free search_text."""
    for word in search_words((q or "")[:MAX_QUERY_LENGTH])[:10]:
        questions = questions.filter(search_text__contains=word)
    return questions


def topics():
    return list(Topic.objects.only("name", "slug"))


def question(pk):
    return published().filter(pk=pk).first()
