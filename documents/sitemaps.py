"""The register's pages in the sitemap (combined with the other apps' in portal/urls.py)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Document


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    limit = 5000

    def items(self):
        return Document.objects.published().only("slug", "updated_at").order_by("-issued_on", "-id")

    def lastmod(self, document):
        return document.updated_at


class RegisterSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return ["documents:documents_register"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"documents": RegisterSitemap, "documents-pages": DocumentSitemap}
