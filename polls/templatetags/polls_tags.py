from django import template
from django.template.loader import render_to_string

from pagecache.fragments import cached_fragment

from ..models import Poll
from ..voters import voted_poll_ids

register = template.Library()


@register.simple_tag(takes_context=True)
def poll_box(context, exclude=None, article=None):
    """The sidebar "Bình chọn" box: the open polls with their answers (see Poll.for_box).

    A browser that already voted in a poll (its session says so) sees a link to the results
    instead of the form; that costs no query unless the browser has a session. The box is a
    cached fragment (pagecache/fragments.py) keyed by all it shows; polls/box.html draws it when
    it is not cached. Beside an article (`article`: its pk) its own poll comes first.
    """
    polls = Poll.for_box(exclude=exclude, article=article)
    if not polls:
        return ""
    request = context.get("request")
    voted = voted_poll_ids(request) if request is not None else set()
    shown = [(p.pk, p.question, p.choice_type, p.answers, p.requires_challenge, p.pk in voted) for p in polls]
    return cached_fragment(
        context,
        "poll-box",
        [shown],
        lambda: render_to_string(
            "polls/box.html",
            {
                "polls": Poll.box_polls(polls),
                "voted": voted,
                "challenge": any(p.requires_challenge and p.pk not in voted for p in polls),
            },
        ),
    )


def sidebar_poll_box(context):
    """The poll box as a sidebar box of the reader pages (PORTAL_SIDEBAR_BOXES, news/sidebar.py)."""
    return poll_box(context, article=context.get("sidebar_article"))
