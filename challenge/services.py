"""Proof-of-work challenges (ALTCHA), issued and verified here: no outside service, no tracking.

A challenge is signed with a key derived from SECRET_KEY and names its scope (e.g. "poll:12"),
so a solution is good for that scope only, until it expires. The browser must find the counter
the server picked (deterministic mode): the work is that many key derivations, whatever the
solver's luck. A verified solution is spent in the database (models.SpentChallenge) in the same
step, so it buys exactly one action.
"""

import base64
import datetime
import json
import secrets

import altcha
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .models import SpentChallenge


class ChallengeFailed(Exception):
    """A missing, forged, expired, foreign or already used solution; `message` is for the reader."""

    status = 403

    def __init__(self, code, message):
        self.code, self.message = code, message
        super().__init__(code)


MISSING = _("Please wait until your browser has finished the anti-spam check, then try again.")
INVALID = _("The anti-spam check could not be confirmed or has expired. Please try again.")
REPLAYED = _("This anti-spam check has already been used once. Please try again with a new one.")


def _secret(purpose):
    return salted_hmac(f"challenge.{purpose}", "altcha", algorithm="sha256").hexdigest()


def issue(scope):
    """A new challenge for `scope`, as the JSON the ALTCHA widget fetches."""
    low, high = settings.CHALLENGE_COUNTER_RANGE
    made = altcha.create_challenge(
        algorithm=settings.CHALLENGE_ALGORITHM,
        cost=settings.CHALLENGE_COST,
        counter=low + secrets.randbelow(high - low + 1),
        expires_at=timezone.now() + datetime.timedelta(seconds=settings.CHALLENGE_EXPIRES_SECONDS),
        data={"scope": scope},
        hmac_secret=_secret("challenge"),
        hmac_key_secret=_secret("key"),
    )
    return made.to_dict()


def spend(payload, scope):
    """Verify the widget's `payload` (base64 JSON) for `scope` and spend it, or raise ChallengeFailed."""
    if not payload:
        raise ChallengeFailed("missing", MISSING)
    if len(payload) > 4096:
        raise ChallengeFailed("invalid", INVALID)
    result = altcha.verify_solution(payload, _secret("challenge"), hmac_key_secret=_secret("key"))
    if not result.verified:
        raise ChallengeFailed("invalid", INVALID)
    challenge = json.loads(base64.b64decode(payload))["challenge"]
    parameters = challenge["parameters"]
    if (parameters.get("data") or {}).get("scope") != scope:
        raise ChallengeFailed("invalid", INVALID)  # solved for another poll or form
    expires = datetime.datetime.fromtimestamp(parameters["expiresAt"], tz=datetime.UTC)
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction survives a refusal
            SpentChallenge.objects.create(signature=challenge["signature"], scope=scope, expires_at=expires)
    except IntegrityError:
        raise ChallengeFailed("replayed", REPLAYED) from None


def purge_expired(now=None):
    """Forget spent challenges past their expiry (they would be refused as expired anyway)."""
    deleted, _ = SpentChallenge.objects.filter(expires_at__lt=now or timezone.now()).delete()
    return deleted
