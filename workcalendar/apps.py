from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkCalendarConfig(AppConfig):
    name = "workcalendar"
    verbose_name = _("Work calendar")

    def ready(self):
        from pagecache import hooks

        from .models import next_midnight

        # "Today" is marked on the server: no stored page outlives the day it was made on.
        hooks.expire_pages_with(next_midnight)
