"""Hỏi đáp: the public list and pages (cached whole), and the form citizens send a question with.

The form's page is cached like any reader page: it carries no CSRF token (it would be another
visitor's). The post is checked by Origin/Referer instead, as ballots are (polls.views), and each
question must come with a solved anti-spam challenge (challenge app), spent once.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from challenge.services import ChallengeFailed, spend
from challenge.views import challenge_response
from pagecache.pages import reader_page
from polls.views import from_another_site
from polls.voters import client_ip, hash_ip
from portal.errors import database_unavailable

from . import queries
from .forms import QuestionForm
from .models import Question

CHALLENGE_SCOPE = "question"


@require_safe
@reader_page
def question_list(request):
    topics = queries.topics()
    topic = next((t for t in topics if t.slug == request.GET.get("chu-de")), None)
    q = " ".join(request.GET.get("q", "").split())[: queries.MAX_QUERY_LENGTH]
    questions = queries.published()
    if topic:
        questions = questions.filter(topic=topic)
    if q:
        questions = queries.search(q, questions)
    page = Paginator(questions, settings.QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    extra = urlencode({key: value for key, value in {"chu-de": topic.slug if topic else "", "q": q}.items() if value})
    context = {"topics": topics, "topic": topic, "q": q, "page_obj": page, "extra_query": extra}
    return render(request, "questions/list.html", context)


@require_safe
@reader_page
def detail(request, pk):
    question = queries.question(pk)
    if question is None:
        raise Http404(_("No published question here."))
    return render(request, "questions/detail.html", {"question": question})


@require_safe
@reader_page
def ask(request):
    return render(request, "questions/ask.html", {"form": QuestionForm()})


@require_safe
@reader_page
def sent(request):
    return render(request, "questions/sent.html")


@require_safe
def challenge(request):
    return challenge_response(CHALLENGE_SCOPE)


def too_many_from(ip_hash):
    since = timezone.now() - timezone.timedelta(days=1)
    recent = Question.objects.filter(ip_hash=ip_hash, submitted_at__gte=since).count()
    return recent >= settings.QUESTIONS_MAX_PER_ADDRESS_PER_DAY


@csrf_exempt
@require_POST
def submit(request):
    if from_another_site(request):
        html = render_to_string("403_csrf.html", request=request)
        return HttpResponseForbidden(html, content_type="text/html; charset=utf-8")
    form = QuestionForm(request.POST)
    try:
        if not form.is_valid():
            return render(request, "questions/ask.html", {"form": form}, status=400)
        ip_hash = hash_ip(client_ip(request))
        if too_many_from(ip_hash):
            message = _("Too many questions have been sent from your network today. Please try again tomorrow.")
            return render(request, "questions/ask.html", {"form": form, "refusal": message}, status=429)
        try:
            spend(request.POST.get("altcha"), CHALLENGE_SCOPE)
        except ChallengeFailed as failed:
            return render(request, "questions/ask.html", {"form": form, "refusal": failed.message}, status=403)
        question = form.save(commit=False)
        question.ip_hash = ip_hash
        question.save()
    except (OperationalError, InterfaceError):
        # Nothing was stored: say so (503, try again), the asker's text is still in their browser.
        return database_unavailable()
    return redirect("questions:sent")
