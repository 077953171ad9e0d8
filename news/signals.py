from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from portal.cache import content_changed

from .context_processors import MENU_CACHE_KEY
from .models import Section


@receiver([post_save, post_delete], sender=Section)
def forget_menu(**kwargs):
    cache.delete(MENU_CACHE_KEY)


def connect_page_cache_invalidation():
    """Any save or delete of a model whose rows readers see invalidates the cached pages.

    The models are listed in settings.PORTAL_PAGE_CACHE_MODELS ("app_label.Model"), so
    another app joins by adding its models there. Many-to-many changes count too.
    """
    for label in settings.PORTAL_PAGE_CACHE_MODELS:
        model = apps.get_model(label)
        uid = f"page-cache:{label}"
        post_save.connect(content_changed, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(content_changed, sender=model, weak=False, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(content_changed, sender=field.remote_field.through, weak=False, dispatch_uid=uid)


connect_page_cache_invalidation()
