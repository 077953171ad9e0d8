"""The RSS feed of newly answered questions: question and answer, never who asked or how to reach them."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from news.models import SiteSettings

from . import queries

FEED_SIZE = 30


class LatestQuestionsFeed(Feed):
    feed_type = Rss201rev2Feed
    description = _("Citizens' questions newly answered.")

    def title(self):
        return f"{_('Questions and answers')} – {SiteSettings.load().name}"

    def link(self):
        return reverse("questions:list")

    def items(self):
        return queries.published()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The question is plain text (escaped); the answer is sanitized HTML.
        return f"<p>{escape(item.text)}</p>{item.answer}"

    def item_pubdate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [item.topic.name]
