"""Sitemaps: an index of the home page, sections and articles; and a Google News sitemap.

Only what readers may see is listed (Article.objects.published(), visible sections).
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from .models import Article, Section

# Google News lists articles of the last two days, at most 1,000 per sitemap.
NEWS_DAYS = 2
NEWS_LIMIT = 1000


class HomeSitemap(Sitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["news:home"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return Article.objects.published().aggregate(latest=Max("published_at"))["latest"]


class SectionSitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        now = timezone.now()
        published = Q(articles__status=Article.Status.PUBLISHED, articles__published_at__lte=now)
        return (
            Section.objects.visible()
            .annotate(latest=Max("articles__published_at", filter=published))
            .order_by("menu_order", "name", "pk")
        )

    def lastmod(self, section):
        """The section page changes when it is edited or an article appears in it."""
        return max(filter(None, [section.updated_at, section.latest]))


class ArticleSitemap(Sitemap):
    limit = 5000  # pages of 5,000: each renders in a fraction of a second at 100,000 articles
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        # Oldest first, so that new articles add to the last page instead of shifting every page.
        return (
            Article.objects.published()
            .select_related("section")
            .only("id", "slug", "updated_at", "section__slug")
            .order_by("published_at", "id")
        )

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every article; one aggregate does the same.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class NewsSitemap(Sitemap):
    """The articles of the last two days, rendered by templates/sitemaps/news.xml."""

    limit = NEWS_LIMIT

    def items(self):
        return (
            Article.objects.published()
            .filter(published_at__gte=timezone.now() - timedelta(days=NEWS_DAYS))
            .select_related("section")
            .only("id", "slug", "title", "published_at", "updated_at", "section__slug")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, article):
        return article.updated_at


SITEMAPS = {"pages": HomeSitemap, "sections": SectionSitemap, "articles": ArticleSitemap}
NEWS_SITEMAPS = {"news": NewsSitemap}
