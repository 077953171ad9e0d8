from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from pagecache.fragments import request_version
from pagecache.generation import FRAGMENTS

from .models import Section, SiteSettings

MENU_CACHE_KEY = "news:menu"


def menu_sections():
    sections = cache.get(MENU_CACHE_KEY)
    if sections is None:
        sections = list(Section.objects.in_menu().filter(parent__isnull=True).only("name", "slug", "is_special_topic"))
        cache.set(MENU_CACHE_KEY, sections, 600)
    return sections


def portal(request):
    """The portal's identity and menu, and the version of the cached fragments, for every page."""
    # One cache round trip for both; the menu is only read when the cached header is missing.
    found = cache.get_many([SiteSettings.CACHE_KEY, FRAGMENTS.key])
    site = found.get(SiteSettings.CACHE_KEY) or SiteSettings.load()
    return {
        "site": site,
        "menu_sections": SimpleLazyObject(menu_sections),
        "fragment_version": request_version(request, found),
    }
