"""The RSS feed of newly published documents."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from news.models import SiteSettings

from .models import Document

FEED_SIZE = 30


class LatestDocumentsFeed(Feed):
    feed_type = Rss201rev2Feed
    description = _("Documents newly published in the register.")

    def title(self):
        return f"{_('Documents')} – {SiteSettings.load().name}"

    def link(self):
        return reverse("documents:documents_register")

    def items(self):
        return (
            Document.objects.published()
            .select_related("kind", "issuing_body")
            .defer("text")
            .order_by("-published_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.title}: {item.summary}"

    def item_description(self, item):
        # Feed readers render the description as HTML: the editors' plain text is escaped for it.
        return escape(f"{item.issuing_body.name}, {item.issued_on:%d/%m/%Y}. {item.summary}")

    def item_pubdate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [item.kind.name, item.issuing_body.name]
