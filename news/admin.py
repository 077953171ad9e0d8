"""The editors' newsroom: the Django admin, in Vietnamese, with the newsroom's rules enforced here.

Every rule is checked on the server, whatever the browser sends: which articles a user sees
(get_queryset), may change (has_change_permission), which fields they may set (read-only
fields per role) and which state moves they may make (news.workflow, from the form and again
on save).
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db.models import Count, Prefetch
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from . import workflow
from .admin_parts import ArticleAuthorInline, ArticlePartInline, PhotoInline, StateFilter, thumbnail_html
from .admin_versions import VersionedAdmin
from .body_images import store_upload
from .forms import ArticleAdminForm, ImageUploadForm, SectionAdminForm, SiteSettingsForm
from .models import Article, ArticleAuthor, Author, DailyViews, Section, SiteSettings
from .sanitize import clean_html
from .text import search_normalize

Status = Article.Status
# What other apps build on (about/admin.py, the inlines named in PORTAL_ARTICLE_ADMIN_INLINES).
__all__ = ["ArticlePartInline", "VersionedAdmin", "thumbnail_html"]


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row: the portal's name, emblem and contact lines. Opening the list opens the row."""

    form = SiteSettingsForm
    fieldsets = [
        (None, {"fields": ["name", "short_name", "tagline", "logo", "banner"]}),
        (_("Contact"), {"fields": ["address", "phone", "email", "footer_text"]}),
        (_("Articles"), {"fields": ["default_source_unit"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return redirect("admin:news_sitesettings_change", SiteSettings.load().pk)


@admin.register(Section)
class SectionAdmin(VersionedAdmin):
    form = SectionAdminForm
    list_display = [
        "name",
        "parent",
        "is_special_topic",
        "menu_order",
        "show_in_menu",
        "show_on_home",
        "is_active",
        "article_count",
    ]
    list_editable = ["menu_order"]
    list_filter = ["is_special_topic", "is_active", "show_in_menu", "show_on_home"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    ordering = ["menu_order", "name"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "parent", "description"]}),
        (_("Display"), {"fields": ["is_special_topic", "banner", "menu_order", "show_in_menu", "show_on_home"]}),
        (_("Status"), {"fields": ["is_active"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "article_count"]
    search_fields = ["name"]
    ordering = ["name"]

    def get_readonly_fields(self, request, obj=None):
        # Linking a byline name to an account is for those who manage accounts.
        return [] if request.user.has_perm("auth.change_user") else ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").annotate(article_total=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total


@admin.register(Article)
class ArticleAdmin(VersionedAdmin):
    form = ArticleAdminForm
    inlines = [ArticleAuthorInline, PhotoInline]
    # The columns an editor scans; the cover, authors, views and links are behind each title's
    # "Chi tiết" toggle (get_list_display), so that the list reads at 1366 px and on a phone.
    list_display = ["title", "section", "state", "publication_time"]
    list_filter = [StateFilter, "section", "is_featured", "published_at"]
    list_select_related = ["section"]
    list_per_page = 50
    search_fields = ["title", "lead", "slug"]
    search_help_text = _("Words of the title or lead, with or without diacritics.")
    date_hierarchy = "published_at"
    ordering = ["-updated_at", "-id"]
    object_history_form_template = "admin/news/article/object_history_form.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "section", "lead", "body"]}),
        (_("Cover image"), {"fields": ["cover_image", "cover_caption"]}),
        # One block on the form with the authors inline between these two (see ArticleAuthorInline.in_byline).
        (_("Byline"), {"classes": ["newsroom-byline-kind"], "fields": ["byline_kind"]}),
        (None, {"classes": ["newsroom-byline-source"], "fields": ["source_unit"]}),
        (_("Publication"), {"fields": ["state", "published_at", "is_featured", "review_note"]}),
        (
            _("Record"),
            {"classes": ["collapse"], "fields": ["created_by", "updated_by", "created_at", "updated_at", "view_count"]},
        ),
    ]
    # What a restore brings back is the content; where the article stands in the workflow
    # (and whether it is featured) stays as it is now, so restoring never publishes or hides it.
    KEPT_ON_RESTORE = ("status", "published_at", "review_note", "is_featured")

    def get_inlines(self, request, obj):
        # Other apps add their part of an article (the documents it cites, its poll) by naming
        # their inline in settings: news imports none of them.
        return [*self.inlines, *(import_string(name) for name in settings.PORTAL_ARTICLE_ADMIN_INLINES)]

    # Who sees and changes what

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .select_related("section")
            .prefetch_related(
                Prefetch("articleauthor_set", queryset=ArticleAuthor.objects.select_related("author").order_by("order"))
            )
        )
        return workflow.visible_articles(request.user, queryset)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or workflow.can_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or workflow.can_see_all(request.user) or workflow.can_edit(request.user, obj)
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Looking, not editing (a reporter's submitted article): the body as readers will see it,
        # not its HTML source.
        return [
            (name, {**options, "fields": ["body_as_shown" if f == "body" else f for f in options["fields"]]})
            for name, options in fieldsets
        ]

    @admin.display(description=_("body"))
    def body_as_shown(self, obj):
        return mark_safe(clean_html(obj.body))  # sanitized when saved too (Article.save())

    def get_readonly_fields(self, request, obj=None):
        fields = ["state", "created_by", "updated_by", "created_at", "updated_at", "view_count", "body_as_shown"]
        if not workflow.can_publish(request.user):
            fields += ["published_at", "is_featured"]
        if not workflow.can_review(request.user):
            fields += ["review_note"]
        return fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "published_at":
            # Django writes "Ngày:" and "Giờ:" beside the two inputs as plain text, not as labels.
            date, time = field.widget.widgets
            date.attrs["aria-label"] = gettext("Publication date")
            time.attrs["aria-label"] = gettext("Publication hour")
        return field

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and hasattr(obj, "_history"):
            # A version being restored: keep the article where it stands now in the workflow.
            current = Article.objects.filter(pk=obj.pk).values(*self.KEPT_ON_RESTORE).first()
            if current:
                for field, value in current.items():
                    setattr(obj, field, value)
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def get_changeform_initial_data(self, request):
        initial = {"source_unit": SiteSettings.load().default_source_unit}
        initial.update(super().get_changeform_initial_data(request))
        return initial

    # Saving

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        obj._history_user = request.user
        transition = form.cleaned_data.get("transition")
        if transition:
            # Checked again here, against the stored state, however the form was reached.
            try:
                applied = workflow.apply_transition(obj, transition, request.user)
            except ValidationError as error:
                raise PermissionDenied(error.messages[0]) from error
            self.message_user(request, self.transition_message(applied, obj), messages.SUCCESS)
        version = self.note_restore(request, obj)
        if change and Article.objects.filter(pk=obj.pk).exists():
            # Never write the view counter back: readers may have added views since the form was opened.
            obj.save(update_fields=[f.attname for f in obj._meta.concrete_fields if f.name not in ("id", "view_count")])
        else:
            obj.save()
        if version is not None:
            workflow.restore_byline(obj, version)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        workflow.record_byline(form.instance)

    def transition_message(self, transition, article):
        if transition.name == "publish" and article.is_scheduled():
            return gettext("The article is scheduled: readers will see it from %(time)s.") % {
                "time": date_format(timezone.localtime(article.published_at), "d/m/Y H:i")
            }
        return {
            "submit": gettext("The article was submitted for review."),
            "return": gettext("The article was returned to its author with your note."),
            "publish": gettext("The article is published."),
            "unpublish": gettext("The article was unpublished: readers no longer see it."),
            "redraft": gettext("The article is a draft again."),
        }[transition.name]

    # Pages

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        editable = self.has_add_permission(request) if add else self.has_change_permission(request, obj)
        context["transitions"] = workflow.allowed_transitions(request.user, obj) if editable else []
        context["preview_url"] = reverse("news:preview", args=[obj.pk]) if obj is not None and obj.pk else ""
        return super().render_change_form(request, context, add, change, form_url, obj)

    def restore_context(self, version):
        return {
            "version": version,
            "version_authors": [link.author for link in version.authors.select_related("author") if link.author],
            "kept_fields": [Article._meta.get_field(name).verbose_name for name in self.KEPT_ON_RESTORE],
        }

    def view_on_site(self, obj):
        # Only what readers can see has a page on the site; the rest has "Xem trước".
        return obj.get_absolute_url() if obj.is_published() else None

    # The CKEditor 5 image upload, in place of the package's own view

    def get_urls(self):
        upload = path(
            "upload-image/",
            never_cache(self.upload_image_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_upload_image",
        )
        return [upload, *super().get_urls()]

    def upload_image_view(self, request):
        """Store an image inserted into a body: staff who may write articles, real images only, re-encoded."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        user = request.user
        if not (
            user.is_active
            and user.is_staff
            and (user.has_perm("news.add_article") or user.has_perm("news.change_article"))
        ):
            return JsonResponse({"error": {"message": gettext("You are not allowed to upload images.")}}, status=403)
        form = ImageUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse({"error": {"message": " ".join(form.errors["upload"])}}, status=400)
        # Renditions made now, as for the article's photos: shown with srcset and WebP (news/body_images.py).
        name = store_upload(form.cleaned_data["upload"], timezone.localdate())
        return JsonResponse({"url": default_storage.url(name)})

    # Columns

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        terms = search_normalize(search_term).split()[:10]
        if terms:
            # Also without diacritics: "dai hoi" finds "Đại hội".
            matching = queryset
            for term in terms:
                matching = matching.filter(search_text__contains=term)
            results = results | matching
        return results, may_have_duplicates

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj):
        if obj.is_scheduled():
            key, label = "scheduled", _("Scheduled")
        else:
            key, label = obj.status, obj.get_status_display()
        return format_html('<span class="newsroom-state newsroom-state-{}">{}</span>', key, label)

    @admin.display(description=_("publication time"), ordering="published_at")
    def publication_time(self, obj):
        # The reader page's own format (28/11/2026 08:30), shorter than the locale's long one.
        return date_format(timezone.localtime(obj.published_at), "d/m/Y H:i") if obj.published_at else "—"

    def get_list_display(self, request):
        if IS_POPUP_VAR in request.GET:
            return self.list_display  # choosing an article for another form: Django's own links
        # One column per request: Django compares list_display's items with get_sortable_by()'s.
        if not hasattr(request, "newsroom_headline"):
            request.newsroom_headline = self.headline_column(request)
        return [request.newsroom_headline, *self.list_display[1:]]

    def get_list_display_links(self, request, list_display):
        # The headline column draws its own link (to keep the list's filters on the way back).
        return super().get_list_display_links(request, list_display) if IS_POPUP_VAR in request.GET else None

    def headline_column(self, request):
        """The title as a link to its form, and under it a "Chi tiết" toggle with the rest of the row."""
        preserved = {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}

        @admin.display(description=_("title"), ordering="title")
        def headline(obj):
            change_url = reverse("admin:news_article_change", args=[obj.pk])
            return render_to_string(
                "admin/news/article/list_headline.html",
                {
                    "article": obj,
                    "change_url": add_preserved_filters(preserved, change_url),
                    "cover": thumbnail_html(obj.cover_image.name if obj.cover_image else "", obj.cover_width),
                    "authors": ", ".join(link.author.name for link in obj.articleauthor_set.all()),
                    "preview_url": reverse("news:preview", args=[obj.pk]),
                    "public_url": obj.get_absolute_url() if obj.is_published() else "",
                    "published_label": Article.is_published.short_description,
                },
            )

        return headline


@admin.register(DailyViews)
class DailyViewsAdmin(admin.ModelAdmin):
    """Views per article and day, as counted: read-only."""

    list_display = ["day", "article", "views"]
    list_select_related = ["article"]
    date_hierarchy = "day"
    ordering = ["-day", "-views"]
    search_fields = ["article__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
