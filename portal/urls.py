from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from about.sitemaps import SITEMAPS as ABOUT_SITEMAPS
from documents.sitemaps import SITEMAPS as DOCUMENTS_SITEMAPS
from news import views as news_views
from news.sitemaps import NEWS_SITEMAPS
from news.sitemaps import SITEMAPS as NEWS_PAGES_SITEMAPS
from questions.sitemaps import SITEMAPS as QUESTIONS_SITEMAPS

# The sitemap index: every app's reader pages.
SITEMAPS = {**NEWS_PAGES_SITEMAPS, **ABOUT_SITEMAPS, **DOCUMENTS_SITEMAPS, **QUESTIONS_SITEMAPS}

urlpatterns = [
    path("robots.txt", news_views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-news.xml",
        sitemap_views.sitemap,
        {"sitemaps": NEWS_SITEMAPS, "template_name": "sitemaps/news.xml"},
        name="sitemap_news",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("favicon.ico", RedirectView.as_view(url=lazy(static_url, str)("img/favicon.svg"), permanent=True)),
    # No "ckeditor5/" routes: CKEditor 5 uploads go to the newsroom's own view (news.admin, upload-image/),
    # which checks permissions and re-encodes images; the package's view does neither.
    path(settings.PORTAL_ADMIN_URL, admin.site.urls),
    path("binh-chon/", include("polls.urls")),
    path("", include("about.urls")),  # /gioi-thieu/…, /lien-ket/, /en/
    path("lich-cong-tac/", include("workcalendar.urls")),
    path("van-ban/", include("documents.urls")),
    path("", include("gallery.urls")),  # /anh/…, /video/…
    path("hoi-dap/", include("questions.urls")),
    path("", include("news.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "news.views.page_not_found"
# A database outage gives readers a Vietnamese 503, any other failure the standalone 500 page.
handler500 = "portal.errors.server_error"
