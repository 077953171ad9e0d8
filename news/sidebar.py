"""The reader pages' sidebar: the boxes named in PORTAL_SIDEBAR_BOXES, so news imports none of
the apps that provide them (the poll box is the polls app's).

A box is a function of the template context returning HTML (or "" when it has nothing to show).
Beside an article the context holds `sidebar_article` (its pk): a box may show what belongs to
that article (its own poll).
"""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

SEPARATOR = "\n    "


@cache
def boxes():
    return [import_string(name) for name in settings.PORTAL_SIDEBAR_BOXES]


def draw(context):
    """The sidebar's boxes, in the settings' order: the same HTML for a page rendered whole and
    for the sidebar drawn into a cached frame (news.views.sidebar_for)."""
    return SEPARATOR.join(box(context) for box in boxes())
