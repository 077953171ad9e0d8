from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    name = "polls"
    verbose_name = _("Reader polls")

    def ready(self):
        from . import signals  # noqa: F401
