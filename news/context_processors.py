from django.core.cache import cache

from .models import Section, SiteSettings

MENU_CACHE_KEY = "news:menu"


def menu_sections():
    sections = cache.get(MENU_CACHE_KEY)
    if sections is None:
        sections = list(Section.objects.in_menu().filter(parent__isnull=True).only("name", "slug", "is_special_topic"))
        cache.set(MENU_CACHE_KEY, sections, 600)
    return sections


def portal(request):
    """The portal's identity and menu, for every page."""
    return {"site": SiteSettings.load(), "menu_sections": menu_sections()}
