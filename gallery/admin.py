"""Albums and videos in the newsroom's admin. Reporters add and change them unpublished; only
those with publish_album (editors, administrators: migration 0002_roles) publish or change a
published one."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .forms import AlbumPhotoForm, ArticleMediaForm, VideoForm
from .models import Album, AlbumPhoto, ArticleMedia, Video


def may_publish(user):
    return user.has_perm("gallery.publish_album")


class PublishingAdmin(admin.ModelAdmin):
    list_display = ["title", "published_at", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"

    def get_readonly_fields(self, request, obj=None):
        return [] if may_publish(request.user) else ["is_published"]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or not obj.is_published or may_publish(request.user))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and may_publish(request.user)


class AlbumPhotoInline(admin.TabularInline):
    model = AlbumPhoto
    form = AlbumPhotoForm
    extra = 3
    fields = ["thumbnail", "image", "caption", "alt_text", "credit", "order"]
    readonly_fields = ["thumbnail"]

    @admin.display(description=_("preview"))
    def thumbnail(self, obj):
        return format_html('<img src="{}" alt="" width="96">', obj.src()) if obj.pk and obj.image else ""


@admin.register(Album)
class AlbumAdmin(PublishingAdmin):
    inlines = [AlbumPhotoInline]
    fields = ["title", "slug", "description", "cover", "is_published", "published_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cover":
            album_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = AlbumPhoto.objects.filter(album_id=album_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Video)
class VideoAdmin(PublishingAdmin):
    form = VideoForm
    list_display = ["title", "kind", "length", "published_at", "is_published"]

    @admin.display(description=_("duration"))
    def length(self, obj):
        return obj.duration_display()


class ArticleMediaInline(admin.StackedInline):
    """On the article form (settings PORTAL_ARTICLE_ADMIN_INLINES): the album or video it shows."""

    model = ArticleMedia
    form = ArticleMediaForm
    extra = 0
    max_num = 1
    autocomplete_fields = ["album", "video"]
