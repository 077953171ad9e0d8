"""Casting a vote: the checks and the ballot rows, in one transaction."""

import hashlib

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .models import Answer, Poll, Vote, VoteChoice
from .voters import hash_ip, hash_token


class VoteRejected(Exception):
    """A vote that was not counted; `message` is shown to the citizen."""

    code = "rejected"
    status = 400
    message = _("Your vote could not be counted.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class PollNotOpen(VoteRejected):
    code = "not_open"
    status = 409
    message = _("This poll has not opened yet; votes are not accepted.")


class PollClosed(VoteRejected):
    code = "closed"
    status = 409
    message = _("This poll is closed; votes are no longer accepted.")


class InvalidAnswers(VoteRejected):
    code = "invalid"
    status = 400
    message = _("Please choose an answer of this poll.")


class AlreadyVoted(VoteRejected):
    code = "already_voted"
    status = 200  # not an error for the citizen: they see the results
    message = _("You have already voted in this poll. Thank you! Here are the results.")


class TooManyVotesFromAddress(VoteRejected):
    code = "ip_limit"
    status = 429
    message = _("Too many votes have come from your network for this poll; no more can be accepted from it.")


def lock_address(poll_id, ip_hash):
    """Make the votes of one address in one poll wait for each other, so the per-address limit is exact.

    A transaction-level advisory lock on (poll, address): votes from different addresses still
    run in parallel.
    """
    digest = hashlib.sha256(f"polls:{poll_id}:{ip_hash}".encode()).digest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest[:8], "big", signed=True)])


def cast_vote(poll, answers, voter, ip, signature=""):
    """Count one ballot of `voter` (the browser's raw token) for `answers` (ids) in `poll`.

    `signature` is the hashed browser signature (voters.browser_signature), kept for the editors'
    analysis of the ballots. Returns the Vote, or raises a VoteRejected subclass and counts
    nothing. Everything happens in one transaction, under a lock per (poll, address): the poll is
    re-read (an editor may have just closed it), then the duplicate check and the per-address
    limit; the answers are checked as their counts are kept, at the end. The
    unique constraint on (poll, voter_token) is the last word: when the same browser votes twice
    at the same instant (even from two addresses), the database refuses the second ballot.
    """
    try:
        answer_ids = sorted({int(a) for a in answers})
    except (TypeError, ValueError):
        raise InvalidAnswers() from None
    if not answer_ids:
        raise InvalidAnswers(_("Please choose an answer before voting."))
    if not voter:
        raise VoteRejected()
    token_hash, ip_hash, poll_id = hash_token(voter), hash_ip(ip), poll.pk

    try:
        with transaction.atomic():
            lock_address(poll_id, ip_hash)
            poll = Poll.objects.filter(pk=poll_id).first()
            if poll is None:
                raise VoteRejected()  # deleted by an editor a moment ago
            if not poll.is_active or not poll.has_opened():
                raise PollNotOpen()
            if poll.is_closed():
                raise PollClosed()
            if not poll.is_multiple and len(answer_ids) != 1:
                raise InvalidAnswers(_("This poll accepts only one answer."))
            if Vote.objects.filter(poll=poll, voter_token=token_hash).exists():
                raise AlreadyVoted()
            if Vote.objects.filter(poll=poll, ip_hash=ip_hash).count() >= settings.POLLS_MAX_VOTES_PER_IP:
                raise TooManyVotesFromAddress()
            vote = Vote.objects.create(poll=poll, voter_token=token_hash, ip_hash=ip_hash, signature_hash=signature)
            VoteChoice.objects.bulk_create([VoteChoice(vote=vote, answer_id=pk) for pk in answer_ids])
            # The results' counts, kept with the ballot instead of counted from every ballot on each
            # display. Last in the transaction: the poll row is locked only until the commit, and
            # taken before the answers, so concurrent ballots of one poll queue without deadlock.
            Poll.objects.filter(pk=poll_id).update(voters_total=F("voters_total") + 1)
            # Counting the answers also checks them: each must be one of this poll's.
            counted = Answer.objects.filter(poll_id=poll_id, pk__in=answer_ids).update(votes_total=F("votes_total") + 1)
            if counted != len(answer_ids):
                raise InvalidAnswers()  # rolls the ballot back
    except IntegrityError:
        # A concurrent ballot from the same browser committed first: the constraint refused ours.
        if Vote.objects.filter(poll_id=poll_id, voter_token=token_hash).exists():
            raise AlreadyVoted() from None
        raise VoteRejected() from None  # e.g. an answer deleted meanwhile
    return vote
