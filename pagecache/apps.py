from django.apps import AppConfig, apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from .backends.redis import switched
        from .generation import cache_switched

        connect_invalidation()
        switched.connect(cache_switched, dispatch_uid="pagecache:switched")


def connect_invalidation():
    """Any save or delete of a model whose rows readers see invalidates the stored pages.

    The models are named in settings.PORTAL_PAGE_CACHE_MODELS ("app_label.Model"): an app joins
    by adding its models there, without this app importing it. Many-to-many changes count too.
    """
    from .generation import PAGES  # not at import: it needs the cache, configured by then

    for label in settings.PORTAL_PAGE_CACHE_MODELS:
        model = apps.get_model(label)
        uid = f"page-cache:{label}"
        post_save.connect(PAGES.changed, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(PAGES.changed, sender=model, weak=False, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(PAGES.changed, sender=field.remote_field.through, weak=False, dispatch_uid=uid)
