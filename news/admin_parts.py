"""Parts of the article admin: its inlines (authors, photos), their widgets, the list's state filter.

Importable from news.admin too; other apps' article inlines (PORTAL_ARTICLE_ADMIN_INLINES) build
on ArticlePartInline.
"""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.files.storage import default_storage
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import workflow
from .forms import PhotoInlineForm
from .images import rendition_url, widths_for
from .models import Article, ArticleAuthor, Photo

Status = Article.Status


def thumbnail_html(name, original_width, alt=""):
    if not name:
        return "—"
    src = rendition_url(name, widths_for(original_width)[0], "jpg") if original_width else default_storage.url(name)
    return format_html('<img class="newsroom-thumb" src="{}" alt="{}" width="80" loading="lazy">', src, alt)


class ArticlePartInline:
    """An inline of an article: changeable exactly when the article itself is."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and workflow.can_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and workflow.can_edit(request.user, obj)


class PlaceholderAutocompleteSelect(AutocompleteSelect):
    """An autocomplete whose empty box says what to type: select2 names its combobox by the text it
    shows, which Django leaves empty."""

    def __init__(self, field, admin_site, placeholder, **kwargs):
        super().__init__(field, admin_site, **kwargs)
        self.placeholder = placeholder

    def build_attrs(self, base_attrs, extra_attrs=None):
        return {**super().build_attrs(base_attrs, extra_attrs), "data-placeholder": self.placeholder}


class NamedRowsFormSet(BaseInlineFormSet):
    """Rows of a tabular inline whose inputs screen readers can name: Django labels them only by
    the column headings, which axe-core (and some readers) do not take as labels."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, field in form.fields.items():
            if name == "DELETE":
                field.widget.attrs["aria-label"] = gettext("Delete")
            elif not field.widget.is_hidden:
                field.widget.attrs.setdefault("aria-label", capfirst(field.label))


class ArticleAuthorInline(ArticlePartInline, admin.TabularInline):
    model = ArticleAuthor
    formset = NamedRowsFormSet
    fields = ["author", "order"]
    autocomplete_fields = ["author"]
    extra = 1
    verbose_name = _("author")
    verbose_name_plural = _("authors (in the byline's order)")
    # Shown inside the Byline block, between the credit kind and the source unit
    # (templates/admin/news/article/field_sets.html), not with the other inlines.
    in_byline = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            kwargs["widget"] = PlaceholderAutocompleteSelect(
                db_field, self.admin_site, placeholder=gettext("Type a name to find the author")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PhotoInline(ArticlePartInline, admin.StackedInline):
    model = Photo
    form = PhotoInlineForm
    fields = [("image", "preview"), "caption", "alt_text", "credit", ("order", "after_paragraph")]
    readonly_fields = ["preview"]
    extra = 1
    verbose_name_plural = _("photos in the body (in order)")

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail_html(obj.image.name if obj.image else "", obj.width, obj.alt)


class StateFilter(admin.SimpleListFilter):
    """Status as an editor thinks of it: a published article whose time has not come is scheduled."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            (Status.DRAFT, Status.DRAFT.label),
            (Status.REVIEW, Status.REVIEW.label),
            (Status.RETURNED, Status.RETURNED.label),
            ("scheduled", _("Scheduled")),
            (Status.PUBLISHED, Status.PUBLISHED.label),
            (Status.UNPUBLISHED, Status.UNPUBLISHED.label),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())
        if value == Status.PUBLISHED:
            return queryset.published()
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset
