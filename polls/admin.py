import csv

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from news.admin import ArticlePartInline

from .admin_ballots import BallotsPage
from .models import Answer, Poll, VoteChoice


class AnswerFormSet(BaseInlineFormSet):
    default_error_messages = {"too_few_forms": _("A poll needs at least %(num)d answers.")}


class AnswerInline(admin.TabularInline):
    model = Answer
    formset = AnswerFormSet
    fields = ["text", "order"]
    ordering = ["order", "id"]
    min_num = 2

    def get_extra(self, request, obj=None, **kwargs):
        return 2 if obj is None else 0

    def get_formset(self, request, obj=None, **kwargs):
        # A poll needs two answers; the admin shows min_num forms but does not enforce it by itself.
        return super().get_formset(request, obj, validate_min=True, **kwargs)


class Echo:
    """A file-like object whose write() hands the line back, for streaming CSV."""

    def write(self, value):
        return value


def csv_cell(value):
    # A cell starting with = + - @ is a formula to a spreadsheet: keep it text.
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


class ArticlePollForm(forms.ModelForm):
    """An article's poll with its answers typed one per line (an inline cannot hold inlines)."""

    answer_lines = forms.CharField(
        label=_("answers"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One answer per line, in the order shown. At least two."),
    )

    class Meta:
        model = Poll
        fields = ["question", "choice_type", "results_visibility", "opens_at", "closes_at", "requires_challenge"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Answers that have ballots are changed on the poll's own page, where their counts show.
            self.fields["answer_lines"].required = False
            self.fields["answer_lines"].disabled = True
            self.fields["answer_lines"].initial = "\n".join(a.text for a in self.instance.answers.all())
            self.fields["answer_lines"].help_text = _("Change the answers on the poll's own page.")

    def clean_answer_lines(self):
        if self.instance.pk:
            return []
        lines = [line.strip() for line in self.cleaned_data["answer_lines"].splitlines() if line.strip()]
        if len(lines) < 2:
            raise forms.ValidationError(_("A poll needs at least %(num)d answers.") % {"num": 2})
        if any(len(line) > 200 for line in lines):
            raise forms.ValidationError(_("An answer may have at most 200 characters."))
        return lines

    def clean(self):
        cleaned = super().clean()
        self.instance.clean()  # the closing time after the opening time
        return cleaned

    def save(self, commit=True):
        adding = self.instance.pk is None
        poll = super().save(commit=commit)
        if commit and adding:
            Answer.objects.bulk_create(
                [Answer(poll=poll, text=text, order=i) for i, text in enumerate(self.cleaned_data["answer_lines"])]
            )
            transaction.on_commit(Poll.forget_box)  # bulk_create sends no signal
        return poll


class ArticlePollInline(ArticlePartInline, admin.StackedInline):
    """The poll of an article, shown in the "Bình chọn" box beside it (PORTAL_ARTICLE_ADMIN_INLINES)."""

    model = Poll
    form = ArticlePollForm
    fk_name = "article"
    extra = 0
    max_num = 1
    verbose_name = _("poll of this article")
    verbose_name_plural = _("poll of this article")
    fields = [
        "question",
        "answer_lines",
        "choice_type",
        "results_visibility",
        "opens_at",
        "closes_at",
        "requires_challenge",
        "poll_page",
    ]
    readonly_fields = ["poll_page"]

    @admin.display(description=_("results"))
    def poll_page(self, poll):
        if not poll.pk:
            return "—"
        link = reverse("admin:polls_poll_change", args=[poll.pk])
        return format_html('<a href="{}">{}</a>', link, _("Results and answers on the poll's page"))


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ["question", "status", "article", "opens_at", "closes_at", "voters", "export_link", "ballots_link"]
    list_filter = ["is_active", "choice_type", "results_visibility", "requires_challenge"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]
    search_fields = ["question", "description"]
    date_hierarchy = "opens_at"
    inlines = [AnswerInline]
    actions = ["open_now", "close_now"]
    readonly_fields = ["results_chart"]
    fieldsets = [
        (None, {"fields": ["question", "description"]}),
        (_("When"), {"fields": ["opens_at", "closes_at", "is_active"]}),
        (_("How"), {"fields": ["choice_type", "results_visibility", "requires_challenge"]}),
        (_("Where"), {"fields": ["article"]}),
        (_("Results"), {"fields": ["results_chart"]}),
    ]

    class Media:
        css = {"all": ["css/polls.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(voter_count=F("voters_total"))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj else fieldsets[:-1]

    @admin.display(description=_("status"))
    def status(self, poll):
        if not poll.is_active:
            return _("Hidden")
        return poll.status_label()

    @admin.display(description=_("voters"), ordering="voter_count")
    def voters(self, poll):
        return poll.voter_count

    @admin.display(description=_("export"))
    def export_link(self, poll):
        return format_html('<a href="{}">{}</a>', reverse("admin:polls_poll_export", args=[poll.pk]), _("CSV"))

    @admin.display(description=_("ballots"))
    def ballots_link(self, poll):
        return format_html('<a href="{}">{}</a>', reverse("admin:polls_poll_ballots", args=[poll.pk]), _("Analysis"))

    @admin.display(description=_("results"))
    def results_chart(self, poll):
        poll = Poll.objects.with_results().get(pk=poll.pk)
        chart = render_to_string("polls/_results.html", {"poll": poll, "results": poll.results()})
        link = format_html(
            '<p><a class="button" href="{}">{}</a></p>',
            reverse("admin:polls_poll_export", args=[poll.pk]),
            _("Export the votes (CSV)"),
        )
        link += format_html(
            '<p><a class="button" href="{}">{}</a></p>',
            reverse("admin:polls_poll_ballots", args=[poll.pk]),
            _("Ballots over time, unusual ones, voiding"),
        )
        return format_html('<div class="poll-admin-results">{}{}</div>', chart, link)

    @admin.action(description=_("Open the selected polls now"), permissions=["change"])
    def open_now(self, request, queryset):
        now = timezone.now()
        count = 0
        for poll in queryset:
            poll.is_active = True
            if poll.opens_at > now:
                poll.opens_at = now
            if poll.closes_at and poll.closes_at <= now:
                poll.closes_at = None
            poll.save(update_fields=["is_active", "opens_at", "closes_at", "updated_at"])
            count += 1
        self.message_user(
            request, ngettext("%(n)d poll is open.", "%(n)d polls are open.", count) % {"n": count}, messages.SUCCESS
        )

    @admin.action(description=_("Close the selected polls now"), permissions=["change"])
    def close_now(self, request, queryset):
        now = timezone.now()
        count = 0
        for poll in queryset:
            if poll.is_closed(now):
                continue
            if poll.opens_at > now:
                poll.opens_at = now  # a poll that never opened closes with no votes
            poll.closes_at = now
            poll.save(update_fields=["opens_at", "closes_at", "updated_at"])
            count += 1
        self.message_user(
            request,
            ngettext("%(n)d poll is closed.", "%(n)d polls are closed.", count) % {"n": count},
            messages.SUCCESS,
        )

    def get_urls(self):
        export = path(
            "<int:object_id>/export/", self.admin_site.admin_view(self.export_votes), name="polls_poll_export"
        )
        page = BallotsPage(self)
        ballots = path("<int:object_id>/ballots/", self.admin_site.admin_view(page.show), name="polls_poll_ballots")
        undo = path(
            "<int:object_id>/ballots/undo/<int:voiding_id>/",
            self.admin_site.admin_view(page.undo),
            name="polls_poll_ballot_undo",
        )
        return [export, ballots, undo, *super().get_urls()]

    def export_votes(self, request, object_id):
        """Every chosen answer of every ballot: ballot number, time, answer, hashed address. No raw data."""
        poll = get_object_or_404(Poll, pk=object_id)
        if not (self.has_view_permission(request, poll) and request.user.has_perm("polls.view_vote")):
            raise PermissionDenied
        choices = (
            VoteChoice.objects.filter(vote__poll=poll)
            .select_related("vote", "answer")
            .order_by("vote__created_at", "vote_id", "answer__order", "answer_id")
        )
        writer = csv.writer(Echo())
        header = [_("Ballot"), _("Time"), _("Answer"), _("Hashed IP address")]

        def rows():
            yield "\ufeff"  # so that Excel reads the Vietnamese text as UTF-8
            yield writer.writerow([str(h) for h in header])
            for choice in choices.iterator(chunk_size=2000):
                when = timezone.localtime(choice.vote.created_at).strftime("%Y-%m-%d %H:%M:%S")
                yield writer.writerow([choice.vote_id, when, csv_cell(choice.answer.text), choice.vote.ip_hash])

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="binh-chon-{poll.pk}.csv"'
        return response
