"""The register in the newsroom's admin. Reporters enter documents and their attachments; only
those with publish_document (editors, administrators: migration 0003_roles) publish them, change
a published one, extend the kinds, bodies and fields, or delete. Every change is a version
(news.admin.VersionedAdmin: compare and restore)."""

from django.contrib import admin, messages
from django.db.models import Count
from django.template.defaultfilters import filesizeformat
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from news.admin import VersionedAdmin
from news.admin_parts import ArticlePartInline, NamedRowsFormSet

from .admin_import import import_view
from .forms import AttachmentForm, DocumentForm
from .models import Attachment, Citation, Document, Field, IssuingBody, Kind


def may_publish(user):
    return user.has_perm("documents.publish_document")


class VocabularyAdmin(VersionedAdmin):
    list_display = ["name", "slug", "order", "document_count"]
    list_editable = ["order"]
    search_fields = ["name"]
    fields = ["name", "slug", "order"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(document_total=Count("documents"))

    @admin.display(description=_("documents"), ordering="document_total")
    def document_count(self, obj):
        return obj.document_total


admin.site.register(Kind, VocabularyAdmin)
admin.site.register(IssuingBody, VocabularyAdmin)
admin.site.register(Field, VocabularyAdmin)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 0
    fields = ["title", "file", "file_type", "size", "order"]
    readonly_fields = ["file_type", "size"]

    @admin.display(description=_("file size"))
    def size(self, obj):
        return filesizeformat(obj.file_size) if obj.file_size else ""


class YearFilter(admin.SimpleListFilter):
    title = _("year issued")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Document.objects.dates("issued_on", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(issued_on__year=int(self.value()))
        return queryset


@admin.register(Document)
class DocumentAdmin(VersionedAdmin):
    form = DocumentForm
    list_display = ["number", "short_summary", "kind", "issuing_body", "issued_on", "status", "is_published"]
    list_display_links = ["number", "short_summary"]
    list_filter = ["is_published", "status", "kind", "issuing_body", "field", YearFilter]
    list_select_related = ["kind", "issuing_body"]
    search_fields = ["number", "code_key", "summary", "signer"]
    date_hierarchy = "issued_on"
    autocomplete_fields = ["replaced_by"]
    inlines = [AttachmentInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (
            None,
            {"fields": ["number", "kind", "issuing_body", "signer", "issued_on", "in_force_on", "summary", "field"]},
        ),
        (_("Validity"), {"fields": ["status", "replaced_by", "replaces_list"]}),
        (_("Files"), {"fields": ["file", "file_info", "word_file"]}),
        (_("Publication"), {"fields": ["is_published", "published_at", "slug"]}),
    ]
    readonly_fields = ["replaces_list", "file_info", "published_at"]

    def get_urls(self):
        view = self.admin_site.admin_view(lambda request: import_view(self, request))
        return [path("nhap-so/", view, name="documents_document_import"), *super().get_urls()]

    @admin.display(description=pgettext_lazy("document", "summary"))
    def short_summary(self, obj):
        return obj.summary if len(obj.summary) <= 90 else obj.summary[:88] + "…"

    @admin.display(description=_("replaces"))
    def replaces_list(self, obj):
        replaced = list(obj.replaces.all()) if obj.pk else []
        if not replaced:
            return "–"
        return format_html_join(", ", "{}", ((d.number,) for d in replaced))

    @admin.display(description=_("the PDF"))
    def file_info(self, obj):
        if not obj.file:
            return "–"
        return format_html("{} · {} {}", filesizeformat(obj.file_size), obj.page_count or 0, _("pages"))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not may_publish(request.user):
            fields.append("is_published")
        return fields

    def has_change_permission(self, request, obj=None):
        # A published document is the committee's public record: only those who publish change it.
        if obj is not None and obj.is_published and not may_publish(request.user):
            return False
        return super().has_change_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not may_publish(request.user):
            actions.pop("publish", None)
            actions.pop("unpublish", None)
        return actions

    @admin.action(description=_("Publish the selected documents"))
    def publish(self, request, queryset):
        if not may_publish(request.user):
            self.message_user(request, _("Only editors may publish."), messages.ERROR)
            return
        documents = [d for d in queryset if not d.is_published]
        for document in documents:
            document.publish()
        self.message_user(
            request,
            ngettext("%d document published.", "%d documents published.", len(documents)) % len(documents),
        )

    @admin.action(description=_("Unpublish the selected documents"))
    def unpublish(self, request, queryset):
        if not may_publish(request.user):
            self.message_user(request, _("Only editors may publish."), messages.ERROR)
            return
        documents = [d for d in queryset if d.is_published]
        for document in documents:
            document.unpublish()
        self.message_user(
            request,
            ngettext("%d document unpublished.", "%d documents unpublished.", len(documents)) % len(documents),
        )


class CitationInline(ArticlePartInline, admin.TabularInline):
    """The documents an article cites, on the article's form (PORTAL_ARTICLE_ADMIN_INLINES): found
    by their number or summary, listed under the article and on each document's page."""

    model = Citation
    formset = NamedRowsFormSet
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["document"]
    fields = ["document", "order"]
    verbose_name = _("cited document")
    verbose_name_plural = _("documents cited by this article")
