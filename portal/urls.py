from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from news import views as news_views

urlpatterns = [
    path("robots.txt", news_views.robots_txt, name="robots_txt"),
    path("favicon.ico", RedirectView.as_view(url=lazy(static_url, str)("img/favicon.svg"), permanent=True)),
    path("ckeditor5/", include("django_ckeditor_5.urls")),
    path(settings.PORTAL_ADMIN_URL, admin.site.urls),
    path("binh-chon/", include("polls.urls")),
    path("", include("news.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "news.views.page_not_found"
# A database outage gives readers a Vietnamese 503, any other failure the standalone 500 page.
handler500 = "portal.errors.server_error"
