"""The editors' look at a poll's ballots over time, and the voiding of a group of them.

Everything is aggregated in SQL: the page costs the same few queries for ten ballots or a
million. A group is marked unusual by the rule of docs/polls.md ("Phiếu bất thường"):
- a minute whose ballots are at least POLLS_UNUSUAL_FACTOR times the median of the poll's
  minutes that had ballots, and at least POLLS_UNUSUAL_MIN_BALLOTS;
- an address or a browser signature with at least POLLS_UNUSUAL_MIN_BALLOTS ballots.

Voiding keeps the ballots (Vote.voiding) and takes them out of the kept counts, under the poll
row's lock: cast_vote takes that lock last and keeps it to its commit, so no ballot is half
counted while the counts move, and void then undo gives back exactly the counts before.
"""

import statistics
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Count, F, Max, Min, Q, Value, When
from django.db.models.functions import TruncMinute
from django.utils import timezone

from pagecache.generation import content_changed

from .models import Answer, BallotVoiding, Poll, Vote, VoteChoice

GROUP_LIMIT = 50  # addresses and signatures listed, the largest first
SHORT = 10  # characters of a hash shown: enough to tell groups apart, not to find anyone


@dataclass
class Group:
    key: str  # the minute (ISO) or the hash
    label: str
    ballots: int
    voided: int
    unusual: bool
    height: int = 0  # the bar's height in the minute chart, 0..100
    x: int = 0  # the bar's place in the chart
    first: object = None
    last: object = None

    @property
    def y(self):
        return 100 - self.height

    @property
    def counted(self):
        return self.ballots - self.voided


def short(value):
    return (value or "—")[:SHORT]


def _counted_rows(queryset, field):
    return queryset.values(field).annotate(
        ballots=Count("id"), voided=Count("id", filter=Q(voiding__isnull=False)), first=Min("created_at")
    )


def analysis(poll):
    """The poll's ballots per minute, per address, per signature, and its voidings: five queries."""
    votes = Vote.objects.filter(poll=poll)
    floor = settings.POLLS_UNUSUAL_MIN_BALLOTS
    minute_rows = list(_counted_rows(votes.annotate(minute=TruncMinute("created_at")), "minute").order_by("minute"))
    median = statistics.median([r["ballots"] for r in minute_rows]) if minute_rows else 0
    peak = max((r["ballots"] for r in minute_rows), default=0)
    minutes = [
        Group(
            key=r["minute"].isoformat(),
            label=timezone.localtime(r["minute"]).strftime("%d/%m %H:%M"),
            ballots=r["ballots"],
            voided=r["voided"],
            unusual=r["ballots"] >= max(floor, settings.POLLS_UNUSUAL_FACTOR * median),
            height=round(r["ballots"] * 100 / peak) if peak else 0,
            first=r["minute"],
            x=i * 4,
        )
        for i, r in enumerate(minute_rows)
    ]
    busiest = sorted(minutes, key=lambda m: (-m.ballots, m.key))[:GROUP_LIMIT]
    return {
        "minutes": minutes,
        "busiest_minutes": busiest,
        "chart_width": max(len(minutes), 1) * 4,
        "median": median,
        "peak": peak,
        "addresses": _largest(votes, "ip_hash", floor),
        "signatures": _largest(votes, "signature_hash", floor),
        "voidings": list(poll.voidings.select_related("voided_by", "undone_by")),
        "total": sum(m.ballots for m in minutes),
        "voided": sum(m.voided for m in minutes),
    }


def _largest(votes, field, floor):
    rows = _counted_rows(votes, field).annotate(last=Max("created_at")).order_by("-ballots", field)[:GROUP_LIMIT]
    return [
        Group(
            key=r[field],
            label=short(r[field]),
            ballots=r["ballots"],
            voided=r["voided"],
            unusual=r["ballots"] >= floor,
            first=r["first"],
            last=r["last"],
        )
        for r in rows
    ]


def selected_ballots(poll, minutes=(), addresses=(), signatures=(), ids=()):
    """The poll's ballots in any of the chosen minutes, addresses, signatures or ballot numbers."""
    chosen = Q(pk__in=[])
    for minute in minutes:
        start = minute.replace(second=0, microsecond=0)
        chosen |= Q(created_at__gte=start, created_at__lt=start + timezone.timedelta(minutes=1))
    if addresses:
        chosen |= Q(ip_hash__in=list(addresses))
    if signatures:
        chosen |= Q(signature_hash__in=list(signatures))
    if ids:
        chosen |= Q(pk__in=list(ids))
    return Vote.objects.filter(chosen, poll=poll)


def _move_counts(poll_id, voiding_id, sign):
    """Add (sign=+1) or take away (sign=-1) the ballots of one voiding from the kept counts."""
    ballots = Vote.objects.filter(voiding_id=voiding_id).count()
    per_answer = dict(
        VoteChoice.objects.filter(vote__voiding_id=voiding_id)
        .values("answer_id")
        .annotate(n=Count("id"))
        .values_list("answer_id", "n")
    )
    Poll.objects.filter(pk=poll_id).update(voters_total=F("voters_total") + sign * ballots)
    if per_answer:
        change = Case(*[When(pk=pk, then=Value(sign * n)) for pk, n in per_answer.items()], default=Value(0))
        Answer.objects.filter(poll_id=poll_id, pk__in=list(per_answer)).update(votes_total=F("votes_total") + change)
    return ballots


def _lock_poll(poll_id):
    # The same row cast_vote updates last: ballots of this poll wait until the counts are moved.
    return Poll.objects.select_for_update().get(pk=poll_id)


def void_ballots(poll, ballots, reason, user, description):
    """Void the still-counted ballots of `ballots` (a queryset of the poll's votes): the voiding,
    or None when none of them was still counted."""
    with transaction.atomic():
        _lock_poll(poll.pk)
        voiding = BallotVoiding.objects.create(poll=poll, reason=reason, voided_by=user, description=description)
        marked = ballots.filter(poll=poll, voiding__isnull=True).update(voiding=voiding)
        if not marked:
            transaction.set_rollback(True)
            return None
        _move_counts(poll.pk, voiding.pk, -1)
        BallotVoiding.objects.filter(pk=voiding.pk).update(ballot_count=marked)
        voiding.ballot_count = marked
        transaction.on_commit(readers_see_new_counts)
    return voiding


def undo_voiding(voiding, user):
    """Count a voiding's ballots again; False when it was already undone."""
    with transaction.atomic():
        _lock_poll(voiding.poll_id)
        undone = BallotVoiding.objects.filter(pk=voiding.pk, undone_at__isnull=True).update(
            undone_at=timezone.now(), undone_by=user
        )
        if not undone:
            return False
        _move_counts(voiding.poll_id, voiding.pk, +1)
        Vote.objects.filter(voiding_id=voiding.pk).update(voiding=None)
        transaction.on_commit(readers_see_new_counts)
    return True


def readers_see_new_counts():
    """The results changed without a ballot: the box's cache and every cached page go."""
    Poll.forget_box()
    content_changed()
