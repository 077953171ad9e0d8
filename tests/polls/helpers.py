"""What the poll tests share besides the factories: addresses and counts."""

from django.urls import reverse

from polls.models import Vote


def answer_ids(poll):
    return list(poll.answers.order_by("order").values_list("pk", flat=True))


def vote_url(poll):
    return reverse("polls:vote", args=[poll.pk])


def page_text(response):
    return response.content.decode()


def vote_count(poll):
    return Vote.objects.filter(poll=poll).count()
