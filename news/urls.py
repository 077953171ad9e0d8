from django.urls import path, re_path

from . import by_date, views
from .feeds import LatestArticlesFeed, SectionFeed

app_name = "news"

urlpatterns = [
    path("", views.home, name="home"),
    path("rss/", LatestArticlesFeed(), name="feed"),
    path("chuyen-muc/<slug:slug>/", views.section_detail, name="section"),
    path("chuyen-muc/<slug:slug>/rss/", SectionFeed(), name="section_feed"),
    path("tim-kiem/", views.search, name="search"),
    path("tin-theo-ngay/", by_date.by_date_index, name="by_date_index"),
    re_path(r"^tin-theo-ngay/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$", by_date.by_date_month, name="by_date_month"),
    re_path(
        r"^tin-theo-ngay/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})/$",
        by_date.by_date_day,
        name="by_date_day",
    ),
    path("xem-truoc/<int:pk>/", views.article_preview, name="preview"),
    re_path(
        r"^(?P<section>[-a-z0-9]{1,160})/(?P<slug>[-a-z0-9]{1,260})-(?P<pk>[0-9]{1,12})\.html$",
        views.article_detail,
        name="article",
    ),
]
