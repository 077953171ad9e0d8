"""Reader polls ("Bình chọn"): a question, its ordered answers, and one ballot per browser.

Every accepted vote is one `Vote` row (with its chosen answers as `VoteChoice` rows): the proof
that it was counted. The results shown are counts kept with each ballot, in its transaction
(`Poll.voters_total`, `Answer.votes_total`, see services.cast_vote), so showing them costs the
same however many ballots there are; `Poll.recount_votes()` sets them from the rows. The
unique constraint on (poll, voter_token) makes the database itself refuse a second ballot from
the same browser, whatever the application does.
"""

import pickle
from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news.models import Article


class PollQuerySet(models.QuerySet):
    def visible(self):
        """Polls readers may see at all (an editor can hide one without deleting it)."""
        return self.filter(is_active=True)

    def open(self, now=None):
        """Polls that accept votes right now."""
        now = now or timezone.now()
        return self.visible().filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now), opens_at__lte=now)

    def closed(self, now=None):
        """Past polls, for the archive: their closing time has passed."""
        now = now or timezone.now()
        return self.visible().filter(closes_at__lte=now)

    def not_closed(self, now=None):
        """Open and upcoming polls: what the poll box may show before its cache expires."""
        now = now or timezone.now()
        return self.visible().filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))

    def with_results(self):
        """Each poll with its number of voters and its answers with their counts: two queries.

        The counts are the ones kept with each ballot (Poll.voters_total, Answer.votes_total,
        see services.cast_vote): counting the ballots on every answer would take longer with
        every vote.
        """
        return self.annotate(voter_count=F("voters_total")).prefetch_related(
            Prefetch("answers", queryset=Answer.objects.annotate(vote_count=F("votes_total")).order_by("order", "id"))
        )


class KeepsCounts(models.Model):
    """A model with counts kept by ballots (services.cast_vote): saving it never writes them.

    An editor's form holds the counts as they were when it opened; saving every field would
    put them back and lose the ballots cast meanwhile.
    """

    KEPT_COUNTS = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name not in self.KEPT_COUNTS
            ]
        super().save(*args, **kwargs)


class Poll(KeepsCounts):
    BOX_CACHE_KEY = "polls:box:v3"  # v3: summaries carry the poll's article

    class ChoiceType(models.TextChoices):
        SINGLE = "single", _("One answer")
        MULTIPLE = "multiple", _("Several answers")

    class ResultsVisibility(models.TextChoices):
        ALWAYS = "always", _("Always")
        AFTER_VOTE = "after_vote", _("After voting (to everyone once the poll is closed)")
        AFTER_CLOSE = "after_close", _("Only after the poll is closed")

    question = models.CharField(_("question"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=_("Optional; shown on the results page."))
    opens_at = models.DateTimeField(
        _("opens at"), default=timezone.now, help_text=_("A time in the future: the poll appears by itself then.")
    )
    closes_at = models.DateTimeField(
        _("closes at"), null=True, blank=True, help_text=_("Left empty, the poll stays open until it is closed.")
    )
    choice_type = models.CharField(
        _("answers per vote"), max_length=10, choices=ChoiceType.choices, default=ChoiceType.SINGLE
    )
    results_visibility = models.CharField(
        _("results shown"), max_length=12, choices=ResultsVisibility.choices, default=ResultsVisibility.ALWAYS
    )
    is_active = models.BooleanField(
        _("shown to readers"), default=True, help_text=_("Untick to hide the poll everywhere without deleting it.")
    )
    # Polls may point at news (news knows nothing of polls): an article's own poll shows in the
    # box beside that article only; a poll without an article is site-wide.
    article = models.ForeignKey(
        "news.Article",
        verbose_name=_("article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="polls",
        help_text=_("Left empty, the poll is site-wide: it shows beside every page."),
    )
    requires_challenge = models.BooleanField(
        _("ask for an anti-spam check"),
        default=True,
        help_text=_(
            "Each ballot needs a small computation solved by the reader's browser (no outside service, no "
            "tracking); it makes scripted vote stuffing slow. Browsers without JavaScript cannot vote then."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Kept by each accepted ballot, in its transaction (services.cast_vote); recount_votes()
    # sets it from the ballots themselves.
    voters_total = models.PositiveIntegerField(_("voters"), default=0, editable=False)
    KEPT_COUNTS = ("voters_total",)

    objects = PollQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        indexes = [models.Index(fields=["is_active", "closes_at", "opens_at"], name="poll_window_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="poll_closes_after_opening",
            )
        ]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("polls:results", kwargs={"pk": self.pk})

    def clean(self):
        if self.closes_at and self.opens_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing time must come after the opening time.")})

    @classmethod
    def for_box(cls, limit=None, exclude=None, article=None):
        """The open polls for the sidebar box, newest first, as BoxPoll summaries: two queries,
        then none until an editor changes a poll.

        The cache holds a summary of every poll not yet closed (open and upcoming) with its
        answers; which of them are open is decided at each render, so a poll opens and closes on
        time without any job, and an editor's change clears the cache (see signals.py). The box
        itself is a cached fragment keyed by the summaries: the polls, kept pickled beside them,
        are unpickled (box_polls()) only to draw it. Beside an article (`article`: its pk) the
        article's own polls come first, then the site-wide ones; elsewhere only site-wide ones.
        """
        cached = cache.get(cls.BOX_CACHE_KEY)
        if cached is None:
            polls = list(cls.objects.not_closed().order_by("-opens_at", "-id").prefetch_related("answers"))
            # The polls themselves go along pickled apart: unpickled only to draw the box.
            cached = ([BoxPoll.of(poll) for poll in polls], pickle.dumps(polls, pickle.HIGHEST_PROTOCOL))
            cache.set(cls.BOX_CACHE_KEY, cached, settings.POLLS_BOX_CACHE_SECONDS)
        summaries, frozen = cached
        now = timezone.now()
        open_now = [p for p in summaries if p.is_open(now) and p.pk != exclude and p.article_id in (None, article)]
        if article is not None:
            open_now.sort(key=lambda p: p.article_id is None)  # stable: newest first within each
        return BoxPolls(open_now[: limit or settings.POLLS_BOX_LIMIT], frozen)

    @classmethod
    def box_polls(cls, summaries):
        """The polls of `summaries` (for_box()), in that order, with their answers."""
        found = {poll.pk: poll for poll in pickle.loads(summaries.frozen)}  # noqa: S301 - our own cache entry
        return [found[s.pk] for s in summaries if s.pk in found]

    @staticmethod
    def window_open(is_active, opens_at, closes_at, now):
        """Whether a poll shown to readers with this window accepts votes at `now`."""
        return is_active and opens_at <= now and (closes_at is None or closes_at > now)

    def recount_votes(self):
        """Set the kept counts from the ballots (after ballots are written other than by
        cast_vote, e.g. seed_polls)."""
        Poll.objects.filter(pk=self.pk).update(voters_total=self.votes.filter(voiding__isnull=True).count())
        for answer in self.answers.annotate(counted=Count("choices", filter=Q(choices__vote__voiding__isnull=True))):
            Answer.objects.filter(pk=answer.pk).update(votes_total=answer.counted)
        self.refresh_from_db(fields=["voters_total"])

    @classmethod
    def forget_box(cls):
        cache.delete(cls.BOX_CACHE_KEY)

    @property
    def is_multiple(self):
        return self.choice_type == self.ChoiceType.MULTIPLE

    def has_opened(self, now=None):
        return self.opens_at <= (now or timezone.now())

    def is_closed(self, now=None):
        return self.closes_at is not None and self.closes_at <= (now or timezone.now())

    @admin.display(boolean=True, description=_("accepting votes"))
    def is_open(self, now=None):
        return Poll.window_open(self.is_active, self.opens_at, self.closes_at, now or timezone.now())

    def status_label(self, now=None):
        now = now or timezone.now()
        if not self.has_opened(now):
            return _("Not open yet")
        if self.is_closed(now):
            return _("Closed")
        return _("Open")

    def results_visible(self, has_voted=False, now=None):
        """Whether a reader may see the counts, per the editor's choice."""
        if self.results_visibility == self.ResultsVisibility.ALWAYS:
            return True
        if self.is_closed(now):
            return True
        return self.results_visibility == self.ResultsVisibility.AFTER_VOTE and has_voted

    def shown_article(self):
        """The article this poll belongs to, when readers may see it (else None)."""
        if self.article_id is None:
            return None
        return Article.objects.published().filter(pk=self.article_id).select_related("section").first()

    def results(self):
        """[(answer, count, percent)] and the number of voters, from a `with_results()` poll.

        Percentages are of voters, so on a several-answers poll they may add up to more than 100.
        """
        total = self.voter_count
        rows = []
        for answer in self.answers.all():
            percent = round(answer.vote_count * 100 / total, 1) if total else 0
            rows.append(Result(answer, answer.vote_count, percent))
        return rows


class Result:
    __slots__ = ("answer", "count", "percent")

    def __init__(self, answer, count, percent):
        self.answer, self.count, self.percent = answer, count, percent

    @property
    def bar_width(self):
        """The bar's width class step: a whole percentage, at least 1 for any vote so it shows."""
        return max(1, round(self.percent)) if self.count else 0


class Answer(KeepsCounts):
    poll = models.ForeignKey(Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="answers")
    text = models.CharField(_("answer"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Kept by each accepted ballot that chose it (services.cast_vote).
    votes_total = models.PositiveIntegerField(_("votes"), default=0, editable=False)
    KEPT_COUNTS = ("votes_total",)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return self.text


class Vote(models.Model):
    """One accepted ballot: the proof that a browser's vote was counted, and counted once."""

    poll = models.ForeignKey(Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="votes")
    answers = models.ManyToManyField(Answer, verbose_name=_("answers"), through="VoteChoice", related_name="votes")
    # SHA-256 of the random token kept in the browser's signed cookie and session.
    voter_token = models.CharField(_("voter token (hashed)"), max_length=64, editable=False)
    # HMAC of the address keyed with SECRET_KEY: enough to limit votes per address, not to find anyone.
    ip_hash = models.CharField(_("IP address (hashed)"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    # HMAC of the User-Agent and Accept-Language headers: ballots sent by one script look alike.
    signature_hash = models.CharField(_("browser signature (hashed)"), max_length=64, blank=True, editable=False)
    # Set when an editor voids the ballot (ballots.void_ballots): kept as proof, no longer counted.
    voiding = models.ForeignKey(
        "BallotVoiding",
        verbose_name=_("voided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="votes",
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["poll", "voter_token"], name="one_vote_per_browser")]
        indexes = [models.Index(fields=["poll", "ip_hash"], name="vote_poll_ip_idx")]

    def __str__(self):
        return f"#{self.pk} {self.created_at:%Y-%m-%d %H:%M:%S}"


class BallotVoiding(models.Model):
    """An editor's decision that a group of ballots is not counted: who, when, why, how many.

    The ballots stay (Vote.voiding points here); undoing it counts them again.
    """

    poll = models.ForeignKey(Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="voidings")
    reason = models.TextField(_("reason"))
    description = models.CharField(_("ballots voided"), max_length=500, help_text=_("Which groups were chosen."))
    ballot_count = models.PositiveIntegerField(_("number of ballots"), default=0)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("voided by"), on_delete=models.PROTECT, related_name="+"
    )
    voided_at = models.DateTimeField(_("voided at"), default=timezone.now)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        ordering = ["-voided_at", "-id"]
        verbose_name = _("voided ballots")
        verbose_name_plural = _("voided ballots")

    def __str__(self):
        return f"{self.poll_id}: {self.ballot_count} ({self.voided_at:%Y-%m-%d %H:%M})"

    @property
    def is_undone(self):
        return self.undone_at is not None


class VoteChoice(models.Model):
    """An answer chosen on a ballot; several per ballot on a several-answers poll."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="choices")
    # RESTRICT: an answer that received votes cannot be deleted alone (results would silently
    # change), but deleting its whole poll still removes everything.
    answer = models.ForeignKey(Answer, verbose_name=_("answer"), on_delete=models.RESTRICT, related_name="choices")

    class Meta:
        verbose_name = _("chosen answer")
        verbose_name_plural = _("chosen answers")
        constraints = [models.UniqueConstraint(fields=["vote", "answer"], name="unique_vote_answer")]

    def __str__(self):
        return f"{self.vote_id}: {self.answer_id}"


class BoxPolls(list):
    """for_box()'s summaries, with the polls themselves, pickled (`frozen`)."""

    def __init__(self, summaries, frozen):
        super().__init__(summaries)
        self.frozen = frozen


class BoxPoll(NamedTuple):
    """What the sidebar box needs to know of an open poll, cached instead of the poll itself."""

    pk: int
    question: str
    choice_type: str
    answers: tuple  # ((pk, text), …) in order
    is_active: bool
    opens_at: datetime
    closes_at: datetime | None
    article_id: int | None
    requires_challenge: bool

    @classmethod
    def of(cls, poll):
        answers = tuple((a.pk, a.text) for a in poll.answers.all())
        return cls(
            poll.pk,
            poll.question,
            poll.choice_type,
            answers,
            poll.is_active,
            poll.opens_at,
            poll.closes_at,
            poll.article_id,
            poll.requires_challenge,
        )

    def is_open(self, now):
        return Poll.window_open(self.is_active, self.opens_at, self.closes_at, now)
