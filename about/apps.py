from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AboutConfig(AppConfig):
    name = "about"
    verbose_name = _("Introduction")

    def ready(self):
        from . import signals  # noqa: F401
