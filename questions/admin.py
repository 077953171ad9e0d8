"""The editors' queue of citizens' questions: assign to a body, answer, publish or reject."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.widgets import CKEditor5Widget

from .models import Question, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


class QuestionAdminForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = [
            *["asker_name", "ward", "email", "phone", "topic", "title", "text"],
            *["status", "body", "answer", "published_at", "rejection_reason"],
        ]
        widgets = {"answer": CKEditor5Widget(config_name="default")}

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == Question.Status.PUBLISHED and not (cleaned.get("answer") or "").strip():
            self.add_error("answer", _("A question is published with its answer: write the answer first."))
        if status == Question.Status.REJECTED and not (cleaned.get("rejection_reason") or "").strip():
            self.add_error("rejection_reason", _("Say why the question is rejected."))
        return cleaned


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionAdminForm
    list_display = ["title", "topic", "status", "body", "submitted_at", "published_at"]
    list_filter = ["status", "topic", "body"]
    search_fields = ["title", "text"]
    date_hierarchy = "submitted_at"
    list_select_related = ["topic", "body"]
    readonly_fields = ["submitted_at", "closed_at", "contact_erased_at", "shown_name"]
    fieldsets = [
        (_("Asker (private)"), {"fields": ["asker_name", "shown_name", "ward", "email", "phone", "contact_erased_at"]}),
        (_("Question"), {"fields": ["topic", "title", "text", "submitted_at"]}),
        (_("Reply"), {"fields": ["status", "body", "answer", "published_at", "rejection_reason", "closed_at"]}),
    ]
    actions = ["publish"]

    @admin.display(description=_("name shown to readers"))
    def shown_name(self, obj):
        return obj.shown_name

    @admin.action(description=_("Publish the selected answered questions"), permissions=["change"])
    def publish(self, request, queryset):
        done = 0
        for question in queryset.exclude(status=Question.Status.PUBLISHED):
            if question.answer.strip():
                question.status = Question.Status.PUBLISHED
                question.save()  # one by one: save() stamps the dates and invalidates the pages
                done += 1
        self.message_user(request, _("%(count)d questions published.") % {"count": done}, messages.SUCCESS)
