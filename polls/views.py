from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from challenge.services import ChallengeFailed, spend
from challenge.views import challenge_response

from . import voters
from .forms import VoteForm
from .models import Poll
from .services import AlreadyVoted, PollClosed, PollNotOpen, TooManyVotesFromAddress, VoteRejected, cast_vote

# Refusals of the anti-stuffing rules: every client gets their status, a plain form post too.
LIMITS = (TooManyVotesFromAddress, ChallengeFailed)


def wants_json(request):
    """polls.js asks for JSON; a plain form post gets a redirect."""
    return "application/json" in request.headers.get("Accept", "")


def results_context(request, poll, has_voted=None):
    if has_voted is None:
        has_voted = voters.has_voted(request, poll)
    return {
        "poll": poll,
        "has_voted": has_voted,
        "show_results": poll.results_visible(has_voted) or request.user.is_staff,
        "results": poll.results(),
    }


@require_safe
def archive(request):
    """Open polls, then past polls with their results, newest first."""
    closed = Poll.objects.closed().with_results().order_by("-closes_at", "-id")
    page = Paginator(closed, settings.POLLS_ARCHIVE_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "polls/archive.html",
        {"open_polls": list(Poll.objects.open().order_by("-opens_at", "-id")), "page_obj": page},
    )


@require_safe
def results(request, pk):
    """A poll's page: its results when they may be shown, and its form while this browser may vote."""
    poll = get_object_or_404(Poll.objects.visible().with_results(), pk=pk)
    context = results_context(request, poll)
    context["article"] = poll.shown_article()
    if poll.is_open() and not context["has_voted"]:
        context["form"] = VoteForm(poll)
    return render(request, "polls/results.html", context)


def from_another_site(request):
    """True when the browser says the form was posted from another site.

    Votes are protected by checking Origin (sent by browsers with every POST), then Referer,
    instead of a CSRF token: the poll box sits on pages served whole from the shared cache,
    where a token would be another visitor's, and a token cookie would stop the page from
    being cached at all. A request without either header does not come from a victim's
    browser, and the per-browser and per-address rules still apply to it.
    """
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source or source == "null":
        return bool(source)
    return urlsplit(source).netloc != request.get_host()


@require_safe
def challenge(request, pk):
    """A new anti-spam challenge for one ballot in this poll (never cached), with the browser's
    voter token if it has none yet, so that its ballots sent at once count once."""
    poll = get_object_or_404(Poll.objects.visible().only("pk"), pk=pk)
    return voters.give_token(request, challenge_response(challenge_scope(poll)))


def challenge_scope(poll):
    return f"poll:{poll.pk}"


@csrf_exempt
@require_POST
def vote(request, pk):
    """Count a ballot, then show the results: a redirect (PRG), or JSON for polls.js."""
    if from_another_site(request):
        return HttpResponseForbidden(
            render_to_string("403_csrf.html", request=request), content_type="text/html; charset=utf-8"
        )
    poll = get_object_or_404(Poll.objects.visible().prefetch_related("answers"), pk=pk)
    form = VoteForm(poll, request.POST)
    token = voters.voter_token(request)
    outcome = None
    if not poll.has_opened():
        outcome = PollNotOpen()
    elif poll.is_closed():
        outcome = PollClosed()
    elif voters.has_voted(request, poll):
        outcome = AlreadyVoted()
    elif not form.is_valid():
        return invalid_vote(request, poll, form)
    else:
        try:
            if poll.requires_challenge:
                spend(request.POST.get("altcha"), challenge_scope(poll))
            cast_vote(
                poll,
                form.answer_ids(),
                voter=token,
                ip=voters.client_ip(request),
                signature=voters.browser_signature(request),
            )
        except (VoteRejected, ChallengeFailed) as rejected:
            outcome = rejected

    if outcome is None:
        message, level, status, code = _("Thank you for voting! Your vote has been counted."), "success", 200, "voted"
    else:
        message, code, status = str(outcome.message), outcome.code, outcome.status
        level = "info" if isinstance(outcome, AlreadyVoted) else "warning"

    counted = outcome is None or isinstance(outcome, AlreadyVoted)
    if isinstance(outcome, LIMITS):
        return refused(request, poll, outcome)
    if wants_json(request):
        html = box_results_html(request, poll, message, level, has_voted=counted)
        response = JsonResponse({"status": code, "message": message, "html": html}, status=status)
    else:
        messages.add_message(request, getattr(messages, level.upper()), message)
        response = redirect(poll)
    if counted:
        voters.remember_vote(request, response, poll, token)
    return response


def refused(request, poll, outcome):
    """A ballot refused by a limit: its status (403, 429) for every client, the poll's page for a form post."""
    message = str(outcome.message)
    if wants_json(request):
        return JsonResponse({"status": outcome.code, "message": message}, status=outcome.status)
    messages.warning(request, message)
    poll = Poll.objects.with_results().get(pk=poll.pk)
    context = results_context(request, poll, has_voted=False)
    context.update({"form": VoteForm(poll), "article": poll.shown_article()})
    return render(request, "polls/results.html", context, status=outcome.status)


def invalid_vote(request, poll, form):
    """No answer, a foreign or unknown answer, several on a one-answer poll: say so, count nothing."""
    message = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if wants_json(request):
        return JsonResponse({"status": "invalid", "message": message}, status=400)
    poll = Poll.objects.with_results().get(pk=poll.pk)
    context = results_context(request, poll, has_voted=False)
    context["form"] = form
    return render(request, "polls/results.html", context, status=400)


def box_results_html(request, poll, message, level, has_voted):
    """What replaces the poll in the sidebar box after a vote with JavaScript."""
    poll = Poll.objects.with_results().get(pk=poll.pk)
    context = results_context(request, poll, has_voted=has_voted)
    context.update({"message": message, "level": level})
    return render_to_string("polls/_box_results.html", context, request=request)
