from django.urls import path, re_path

from . import views
from .feeds import LatestArticlesFeed, SectionFeed

app_name = "news"

urlpatterns = [
    path("", views.home, name="home"),
    path("rss/", LatestArticlesFeed(), name="feed"),
    path("chuyen-muc/<slug:slug>/", views.section_detail, name="section"),
    path("chuyen-muc/<slug:slug>/rss/", SectionFeed(), name="section_feed"),
    path("tim-kiem/", views.search, name="search"),
    path("xem-truoc/<int:pk>/", views.article_preview, name="preview"),
    re_path(
        r"^(?P<section>[-a-z0-9]{1,160})/(?P<slug>[-a-z0-9]{1,260})-(?P<pk>[0-9]{1,12})\.html$",
        views.article_detail,
        name="article",
    ),
]
