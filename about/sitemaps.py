"""The introduction's pages in the sitemap (combined with the other apps' in portal/urls.py)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import IntroPage


class IntroPageSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return IntroPage.objects.published().only("slug", "updated_at")

    def lastmod(self, page):
        return page.updated_at


class FixedPagesSitemap(Sitemap):
    """The pages of fixed address: the index, the leaders, the contacts, the links, English."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return [
            "about:about_index",
            "about:about_leaders",
            "about:about_contacts",
            "about:about_links",
            "about:about_english",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"about": FixedPagesSitemap, "about-pages": IntroPageSitemap}
