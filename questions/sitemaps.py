from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Question


class QuestionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 5000

    def items(self):
        return Question.objects.published().only("id", "updated_at").order_by("-published_at", "-id")

    def lastmod(self, question):
        return question.updated_at


class QuestionListSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return ["questions:list"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"questions": QuestionListSitemap, "questions-pages": QuestionSitemap}
