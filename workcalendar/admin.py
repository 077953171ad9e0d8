from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .models import Entry, Week

PUBLISHERS = {"Biên tập viên", "Quản trị"}


def may_publish(user):
    return user.is_superuser or user.groups.filter(name__in=PUBLISHERS).exists()


class EntryInline(admin.StackedInline):
    model = Entry
    extra = 1
    fields = [("day", "starts_at", "ends_at"), "content", "leaders", ("place", "preparing_unit")]
    filter_horizontal = ["leaders"]
    ordering = ["day", "starts_at", "id"]


@admin.register(Week)
class WeekAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "published_at", "updated_at"]
    list_filter = ["status", "year"]
    search_fields = ["entries__content", "entries__place"]
    inlines = [EntryInline]
    actions = ["publish"]
    readonly_fields = ["status", "published_at"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not may_publish(request.user):
            actions.pop("publish", None)
        return actions

    @admin.action(description=_("Publish the selected weeks"))
    def publish(self, request, queryset):
        if not may_publish(request.user):
            self.message_user(request, _("Only editors may publish."), messages.ERROR)
            return
        weeks = list(queryset)
        for week in weeks:
            week.publish()
        self.message_user(request, ngettext("%d week published.", "%d weeks published.", len(weeks)) % len(weeks))


@admin.register(Entry)
class EntryAdmin(SimpleHistoryAdmin):
    list_display = ["day", "starts_at", "content", "place", "week", "adjusted_at"]
    list_filter = ["week__status", "week"]
    search_fields = ["content", "place", "preparing_unit"]
    filter_horizontal = ["leaders"]
    ordering = ["-day", "starts_at"]
