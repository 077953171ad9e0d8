"""RSS 2.0 feeds: the whole portal and each section, newest published articles first."""

import copy

from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from .images import rendition_name, widths_for
from .models import Article, ArticleAuthor, Section, SectionSlugHistory, SiteSettings

FEED_SIZE = 30
# The rendition a feed reader shows: wide enough for a card, light enough for a phone.
ENCLOSURE_WIDTH = 640


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed

    def title(self):
        return SiteSettings.load().name

    def link(self):
        return "/"

    def description(self):
        site = SiteSettings.load()
        return site.tagline or site.name

    def feed_copyright(self):
        return SiteSettings.load().name

    def articles(self):
        return (
            Article.objects.published()
            .for_listing()
            .prefetch_related(Prefetch("articleauthor_set", queryset=ArticleAuthor.objects.select_related("author")))
            .newest_first()
        )

    def items(self):
        return self.articles()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return ", ".join(link.author.name for link in item.articleauthor_set.all()) or None

    def item_categories(self, item):
        return [item.section.name]

    def item_enclosures(self, item):
        """The cover's JPEG rendition, with its real size in bytes as RSS requires."""
        if not item.cover_image or not item.cover_width:
            return []
        widths = widths_for(item.cover_width)
        width = max((w for w in widths if w <= ENCLOSURE_WIDTH), default=widths[0])
        name = rendition_name(item.cover_image.name, width, "jpg")
        try:
            length = default_storage.size(name)
        except OSError:
            return []  # rendition missing: better no enclosure than a broken one
        url = self.request.build_absolute_uri(default_storage.url(name))
        return [Enclosure(url, str(length), "image/jpeg")]

    def __call__(self, request, *args, **kwargs):
        # One Feed instance serves every request: work on a copy that knows this one's
        # host, for the enclosures' absolute URLs (Django makes only links absolute).
        feed = copy.copy(self)
        feed.request = request
        return super(LatestArticlesFeed, feed).__call__(request, *args, **kwargs)


class SectionFeed(LatestArticlesFeed):
    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            # A renamed section's old feed address: feed readers subscribed to it follow a 301.
            section = SectionSlugHistory.renamed(kwargs.get("slug"))
            if section is None:
                raise
            return HttpResponsePermanentRedirect(reverse("news:section_feed", args=[section.slug]))

    def get_object(self, request, slug):
        return get_object_or_404(Section.objects.visible(), slug=slug)

    def title(self, section):
        return f"{section.name} – {SiteSettings.load().name}"

    def link(self, section):
        return section.get_absolute_url()

    def description(self, section):
        return section.description or _("Latest articles of %(section)s") % {"section": section.name}

    def items(self, section):
        return self.articles().filter(Q(section=section) | Q(section__parent=section))[:FEED_SIZE]
