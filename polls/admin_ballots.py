"""The poll's ballots page in the admin: ballots over time, per address and per browser signature,
with the unusual marked, and the voiding of a group of them (polls/ballots.py does the work)."""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import ballots
from .models import BallotVoiding, Poll

HASH = re.compile(r"^[0-9a-f]{64}$")


class MultipleHashes(forms.MultipleChoiceField):
    """Hashes chosen among the groups listed; any well-formed one is accepted (a group may be
    beyond the list shown)."""

    def valid_value(self, value):
        return bool(HASH.match(value))


class MultipleMinutes(forms.MultipleChoiceField):
    def valid_value(self, value):
        return parse_minute(value) is not None

    def clean(self, value):
        return [parse_minute(v) for v in super().clean(value)]


def parse_minute(value):
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


class VoidForm(forms.Form):
    minutes = MultipleMinutes(label=gettext_lazy("minutes"), required=False)
    addresses = MultipleHashes(label=gettext_lazy("addresses"), required=False)
    signatures = MultipleHashes(label=gettext_lazy("browser signatures"), required=False)
    ballot_ids = forms.CharField(
        label=gettext_lazy("ballot numbers"),
        required=False,
        max_length=5000,
        help_text=gettext_lazy("Optional: ballot numbers (as in the CSV export), separated by commas or spaces."),
    )
    reason = forms.CharField(
        label=gettext_lazy("reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept in the log with your name and the time."),
    )

    def clean_ballot_ids(self):
        parts = [p for p in re.split(r"[\s,;]+", self.cleaned_data["ballot_ids"]) if p]
        if not all(p.isdigit() and len(p) < 12 for p in parts):
            raise forms.ValidationError(_("Ballot numbers are whole numbers separated by commas."))
        return [int(p) for p in parts]

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("minutes", "addresses", "signatures", "ballot_ids")):
            raise forms.ValidationError(_("Choose at least one minute, address, signature or ballot to void."))
        return cleaned

    def description(self):
        data = self.cleaned_data
        parts = [ballots.timezone.localtime(m).strftime("%d/%m %H:%M") for m in data["minutes"]]
        parts += [_("address %(hash)s") % {"hash": ballots.short(h)} for h in data["addresses"]]
        parts += [_("signature %(hash)s") % {"hash": ballots.short(h)} for h in data["signatures"]]
        parts += [f"#{pk}" for pk in data["ballot_ids"]]
        text = ", ".join(parts)
        return text if len(text) <= 500 else text[:499] + "…"


class BallotsPage:
    """Views bound to the PollAdmin (its admin_site wraps them in admin_view)."""

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def check(self, request, poll, void=False):
        user = request.user
        if not (self.model_admin.has_view_permission(request, poll) and user.has_perm("polls.view_vote")):
            raise PermissionDenied
        if void and not user.has_perm("polls.add_ballotvoiding"):
            raise PermissionDenied

    def show(self, request, object_id):
        poll = get_object_or_404(Poll, pk=object_id)
        self.check(request, poll, void=request.method == "POST")
        form = VoidForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            chosen = ballots.selected_ballots(
                poll, data["minutes"], data["addresses"], data["signatures"], data["ballot_ids"]
            )
            voiding = ballots.void_ballots(poll, chosen, data["reason"], request.user, form.description())
            if voiding is None:
                messages.warning(request, _("None of the chosen ballots was still counted: nothing was voided."))
            else:
                n = voiding.ballot_count
                messages.success(
                    request,
                    ngettext(
                        "%(n)d ballot voided; the results no longer count it.",
                        "%(n)d ballots voided; the results no longer count them.",
                        n,
                    )
                    % {"n": n},
                )
            return redirect(reverse("admin:polls_poll_ballots", args=[poll.pk]))
        context = {
            **self.model_admin.admin_site.each_context(request),
            "opts": Poll._meta,
            "original": poll,
            "poll": poll,
            "title": _("Ballots of the poll"),
            "form": form,
            "can_void": request.user.has_perm("polls.add_ballotvoiding"),
            "factor": ballots.settings.POLLS_UNUSUAL_FACTOR,
            "floor": ballots.settings.POLLS_UNUSUAL_MIN_BALLOTS,
            **ballots.analysis(poll),
        }
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(request, "admin/polls/poll/ballots.html", context, status=status)

    def undo(self, request, object_id, voiding_id):
        if request.method != "POST":
            return redirect(reverse("admin:polls_poll_ballots", args=[object_id]))
        voiding = get_object_or_404(BallotVoiding.objects.select_related("poll"), pk=voiding_id, poll_id=object_id)
        self.check(request, voiding.poll, void=True)
        if ballots.undo_voiding(voiding, request.user):
            messages.success(request, _("The voiding was undone: its ballots are counted again."))
        else:
            messages.info(request, _("This voiding had already been undone."))
        return redirect(reverse("admin:polls_poll_ballots", args=[object_id]))
