"""The newsroom's admin site: the portal's own name on every page, and each role's start page (news/dashboard.py).

It is admin.site (see news.apps.NewsroomAdminConfig), so every app registers with it as usual.
Kept out of news/admin.py: that module registers models with admin.site, and building
admin.site imports this one.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import workflow
from .dashboard import newsroom_dashboard
from .models import SiteSettings


class NewsroomAdminSite(admin.AdminSite):
    index_title = _("Newsroom")
    index_template = "admin/newsroom_index.html"

    def each_context(self, request):
        context = super().each_context(request)
        site = SiteSettings.load()
        context["site_header"] = site.name
        context["site_title"] = site.short_name or site.name
        return context

    def index(self, request, extra_context=None):
        context = dict(extra_context or {})
        if workflow.can_view(request.user, None):
            context["newsroom"] = newsroom_dashboard(request.user)
        return super().index(request, context)
