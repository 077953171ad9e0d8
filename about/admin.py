"""The introduction in the newsroom's admin: editors and administrators change it, reporters
only look (the roles' permissions, migration 0002_roles). Pages, leaders, bodies and the
English page keep their history (news.admin.VersionedAdmin: compare and restore)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from news.admin import VersionedAdmin, thumbnail_html

from .forms import EnglishPageForm, IntroPageForm, LeaderForm
from .models import AgencyLink, Department, EnglishPage, IntroPage, Leader


@admin.register(IntroPage)
class IntroPageAdmin(VersionedAdmin):
    form = IntroPageForm
    list_display = ["title", "thumbnail", "order", "status", "updated_at"]
    list_editable = ["order"]
    list_filter = ["status"]
    search_fields = ["title", "summary", "slug"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Image"), {"fields": ["image", "image_alt", "image_text"]}),
        (_("Publication"), {"fields": ["order", "status"]}),
    ]

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        return thumbnail_html(obj.image.name if obj.image else "", obj.image_width, obj.image_alt)


@admin.register(Leader)
class LeaderAdmin(VersionedAdmin):
    form = LeaderForm
    list_display = ["name", "thumbnail", "title", "group", "order", "is_shown"]
    list_editable = ["order", "is_shown"]
    list_filter = ["group", "is_shown"]
    search_fields = ["name", "title", "title_en"]
    fieldsets = [
        (None, {"fields": ["name", "title", "title_en", "group", "photo", "duties"]}),
        (_("Office contact"), {"fields": ["office_phone", "office_email"]}),
        (_("Display"), {"fields": ["order", "is_shown"]}),
    ]

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        return thumbnail_html(obj.photo.name if obj.photo else "", obj.image_width, obj.name)


@admin.register(Department)
class DepartmentAdmin(VersionedAdmin):
    list_display = ["name", "head_name", "phone", "email", "order", "is_shown"]
    list_editable = ["order", "is_shown"]
    list_filter = ["is_shown"]
    search_fields = ["name", "name_en", "head_name"]
    fieldsets = [
        (None, {"fields": ["name", "head_name", "head_title", "address", "phone", "email"]}),
        (_("In English"), {"fields": ["name_en", "head_title_en", "address_en"]}),
        (_("Display"), {"fields": ["order", "is_shown"]}),
    ]


@admin.register(EnglishPage)
class EnglishPageAdmin(VersionedAdmin):
    """One row: opening the list opens it (made on first use)."""

    form = EnglishPageForm

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not EnglishPage.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        page = EnglishPage.objects.first()
        if page is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return redirect("admin:about_englishpage_add")
        return redirect("admin:about_englishpage_change", page.pk)


@admin.register(AgencyLink)
class AgencyLinkAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "group", "order", "is_shown"]
    list_editable = ["order", "is_shown"]
    list_filter = ["group", "is_shown"]
    search_fields = ["name", "url"]
    # An address typed without its scheme ("hanoi.gov.vn") is taken as https://.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
