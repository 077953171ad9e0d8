from django import template

from ..models import Poll

register = template.Library()


@register.inclusion_tag("polls/box.html", takes_context=True)
def poll_box(context, exclude=None):
    """The sidebar "Bình chọn" box: the open polls with their answers (cached, see Poll.for_box)."""
    return {
        "polls": Poll.for_box(exclude=exclude),
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }
