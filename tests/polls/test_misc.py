"""Reader polls: The demo polls, cross-site votes, cookies and the cost of results."""

import pytest
from django.core.management import call_command

from polls.models import Answer, Poll, Vote
from polls.services import AlreadyVoted, cast_vote
from tests.factories import make_poll
from tests.polls.helpers import answer_ids, vote_url

pytestmark = pytest.mark.django_db


def test_seed_polls_is_idempotent():
    """`seed_polls` makes one open poll with votes and two closed ones, and running it again changes nothing."""
    call_command("seed_polls", verbosity=0)
    counts = (Poll.objects.count(), Vote.objects.count())
    call_command("seed_polls", verbosity=0)
    assert (Poll.objects.count(), Vote.objects.count()) == counts
    assert Poll.objects.open().count() == 1 and Poll.objects.closed().count() == 2
    assert Poll.objects.open().get().votes.exists()


def test_already_voted_error_is_not_an_error_status():
    """A repeat vote is a polite answer, not an error."""
    assert AlreadyVoted.status == 200


def test_a_vote_posted_from_another_site_is_refused(client):
    """A form on another site cannot make a visitor's browser vote (Origin checked, nothing counted)."""
    poll = make_poll("Bình chọn")
    answer = poll.answers.first()
    response = client.post(vote_url(poll), {"answer": answer.pk}, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403 and "Biểu mẫu đã hết hạn" in response.content.decode()
    response = client.post(vote_url(poll), {"answer": answer.pk}, HTTP_REFERER="https://evil.example/page")
    assert response.status_code == 403
    assert Vote.objects.filter(poll=poll).count() == 0


def test_a_vote_from_the_portal_itself_is_counted(client):
    """The portal's own pages post with their own Origin, and the vote counts."""
    poll = make_poll("Bình chọn")
    answer = poll.answers.first()
    response = client.post(vote_url(poll), {"answer": answer.pk}, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302
    assert Vote.objects.filter(poll=poll).count() == 1


def test_pages_with_the_poll_box_set_no_cookie(client):
    """The poll box carries no per-visitor token, so a page showing it can be cached whole."""
    make_poll("Bình chọn")
    response = client.get("/")
    assert "csrftoken" not in response.cookies and "poll-form" in response.content.decode()


def test_results_stay_one_query_per_table_however_many_ballots(django_assert_num_queries):
    """The counts are kept with each ballot (several answers too) and match the ballots
    themselves, as an existing database is started by its migration."""
    import importlib

    from django.apps import apps

    poll = make_poll(choice_type=Poll.ChoiceType.MULTIPLE)
    yes, no, other = answer_ids(poll)
    for n, chosen in enumerate([[yes], [yes, no], [no, other], [yes, no, other]]):
        cast_vote(poll, chosen, voter=f"browser-{n}", ip=f"10.0.0.{n}")
    with django_assert_num_queries(2):
        kept = Poll.objects.with_results().get(pk=poll.pk)
        kept = (kept.voter_count, [(r.answer.pk, r.count) for r in kept.results()])
    assert kept == (4, [(yes, 3), (no, 3), (other, 2)])
    Poll.objects.filter(pk=poll.pk).update(voters_total=0)
    Answer.objects.filter(poll=poll).update(votes_total=0)
    importlib.import_module("polls.migrations.0003_vote_counts").count_existing_ballots(apps, None)
    again = Poll.objects.with_results().get(pk=poll.pk)
    assert (again.voter_count, [(r.answer.pk, r.count) for r in again.results()]) == kept


def test_an_editor_saving_the_poll_keeps_the_ballots_cast_meanwhile():
    """The editor's form was opened before two votes: saving the poll and its answers keeps them."""
    poll = make_poll()
    yes = answer_ids(poll)[0]
    opened = Poll.objects.get(pk=poll.pk)
    answers = list(Answer.objects.filter(poll=poll))
    for n in range(2):
        cast_vote(poll, [yes], voter=f"browser-{n}", ip="10.0.0.9")
    opened.question = "Câu hỏi đã sửa"
    opened.save()
    for answer in answers:
        answer.text += " (sửa)"
        answer.save()
    kept = Poll.objects.with_results().get(pk=poll.pk)
    assert kept.question == "Câu hỏi đã sửa" and kept.voter_count == 2
    assert [r.count for r in kept.results()] == [2, 0, 0]
    assert [r.answer.text for r in kept.results()][0].endswith("(sửa)")


def test_seed_polls_gives_the_newest_article_its_poll():
    """With articles, `seed_polls` also attaches an open poll to the newest published one, once."""
    from tests.factories import make_article

    make_article(days=3)
    newest = make_article(days=0)
    call_command("seed_polls", verbosity=0)
    call_command("seed_polls", verbosity=0)
    poll = Poll.objects.get(article__isnull=False)
    assert poll.article == newest and poll.is_open() and poll.votes.exists()
