"""The replay store: each solved challenge, once spent, so that it buys exactly one action.

The unique constraint on the challenge's signature is what refuses a replay, also when the same
solution arrives at several workers at once: the database lets one insert through.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SpentChallenge(models.Model):
    # The HMAC the server put on the challenge (hex): unique per issued challenge.
    signature = models.CharField(_("signature"), max_length=128, unique=True)
    scope = models.CharField(_("used for"), max_length=64)
    spent_at = models.DateTimeField(_("spent at"), auto_now_add=True)
    # After this the challenge is refused as expired anyway: the row can go (purge_challenges).
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("spent challenge")
        verbose_name_plural = _("spent challenges")

    def __str__(self):
        return f"{self.scope} {self.spent_at:%Y-%m-%d %H:%M:%S}"
