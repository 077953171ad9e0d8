from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from pagecache import hooks

        from . import signals  # noqa: F401
        from .queries import next_publication
        from .view_counts import count_cached_view

        # A stored article page counts its view by the same road as a rendered one, and no page
        # outlives the next scheduled publication, so that it appears on time without a job.
        hooks.count_views_with(count_cached_view)
        hooks.expire_pages_with(next_publication)


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with the newsroom's admin site (branding, start page) as admin.site.

    Named in INSTALLED_APPS instead of "django.contrib.admin"; `default = False` keeps Django
    from taking it for the news app's own configuration.
    """

    default = False
    default_site = "news.admin_site.NewsroomAdminSite"
