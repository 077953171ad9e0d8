from django import template

from ..models import Poll
from ..voters import voted_poll_ids

register = template.Library()


@register.inclusion_tag("polls/box.html", takes_context=True)
def poll_box(context, exclude=None):
    """The sidebar "Bình chọn" box: the open polls with their answers (cached, see Poll.for_box).

    A browser that already voted in a poll (its session says so) sees a link to the results
    instead of the form; that costs no query unless the browser has a session.
    """
    request = context.get("request")
    polls = Poll.for_box(exclude=exclude)
    voted = voted_poll_ids(request) if request is not None else set()
    return {
        "polls": polls,
        "voted": voted,
        "csrf_token": context.get("csrf_token"),
        "request": request,
        # The box is a cached fragment (news/fragments.py) keyed by all it shows.
        "fragment_version": context.get("fragment_version"),
        "shown": [
            (p.pk, p.question, p.choice_type, [(a.pk, a.text) for a in p.answers.all()], p.pk in voted) for p in polls
        ],
    }
