"""Reader polls: the editors' ballots page, and voiding a group of ballots (polls/ballots.py)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from pagecache.generation import PAGES
from polls.ballots import analysis, selected_ballots, undo_voiding, void_ballots
from polls.models import Answer, BallotVoiding, Poll, Vote
from polls.services import cast_vote
from polls.voters import hash_ip, hash_signature
from tests.factories import make_poll
from tests.polls.helpers import answer_ids

pytestmark = pytest.mark.django_db

SCRIPT = hash_signature("python-requests/2.32", "")


def member_of(group_name, username):
    user = get_user_model().objects.create_user(username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def ballots_url(poll):
    return reverse("admin:polls_poll_ballots", args=[poll.pk])


def cast(poll, n, start, ip="10.1.0.{i}", answer=0, signature=None, per_minute=None):
    """n ballots through cast_vote, then dated from `start` (`per_minute` of them each minute)."""
    ids = answer_ids(poll)
    made = []
    for i in range(n):
        sig = signature or hash_signature(f"Mozilla/5.0 reader {i}", "vi-VN")
        vote = cast_vote(
            poll, [ids[answer]], voter=f"voter-{poll.pk}-{start:%H%M}-{ip}-{i}", ip=ip.format(i=i), signature=sig
        )
        made.append(vote.pk)
        minute = i // per_minute if per_minute else i
        Vote.objects.filter(pk=vote.pk).update(created_at=start + timedelta(minutes=minute, seconds=i % 50))
    return made


def counts(poll):
    poll.refresh_from_db()
    return poll.voters_total, dict(Answer.objects.filter(poll=poll).values_list("text", "votes_total"))


@pytest.fixture
def start():
    return timezone.now().replace(second=0, microsecond=0) - timedelta(hours=2)


@pytest.fixture
def stuffed_poll(start):
    """Twenty readers over twenty minutes, then a script sending 30 ballots in one minute from one address."""
    poll = make_poll()
    cast(poll, 20, start)
    cast(poll, 30, start + timedelta(minutes=40), ip="203.0.113.7", answer=1, signature=SCRIPT, per_minute=30)
    return poll


def test_the_stuffed_minute_address_and_signature_are_marked_unusual(stuffed_poll, start):
    """The script's minute is far above the median (1 ballot), its address and signature hold 30."""
    found = analysis(stuffed_poll)
    unusual_minutes = [m for m in found["minutes"] if m.unusual]
    assert [m.ballots for m in unusual_minutes] == [30]
    assert unusual_minutes[0].first == start + timedelta(minutes=40)
    assert found["median"] == 1 and found["total"] == 50
    assert [(a.key, a.ballots, a.unusual) for a in found["addresses"][:2]] == [
        (hash_ip("203.0.113.7"), 30, True),
        (found["addresses"][1].key, 1, False),
    ]
    assert found["signatures"][0].key == SCRIPT and found["signatures"][0].unusual


def test_a_steady_poll_has_nothing_unusual(start):
    poll = make_poll()
    cast(poll, 24, start, per_minute=3)
    found = analysis(poll)
    assert not any(g.unusual for g in found["minutes"] + found["addresses"] + found["signatures"])


def test_voiding_takes_ballots_out_of_the_counts_and_undo_restores_them_exactly(stuffed_poll):
    editor = member_of("Biên tập viên", "bientap")
    before = counts(stuffed_poll)
    assert before == (50, {"Có": 20, "Không": 30, "Ý kiến khác": 0})
    chosen = selected_ballots(stuffed_poll, signatures=[SCRIPT])
    voiding = void_ballots(stuffed_poll, chosen, "Kịch bản tự động", editor, "signature")
    assert voiding.ballot_count == 30
    assert counts(stuffed_poll) == (20, {"Có": 20, "Không": 0, "Ý kiến khác": 0})
    assert Vote.objects.filter(poll=stuffed_poll).count() == 50  # kept as proof
    # The readers' results are the kept counts: they no longer show the voided ballots.
    shown = Poll.objects.with_results().get(pk=stuffed_poll.pk)
    assert [r.count for r in shown.results()] == [20, 0, 0]
    # A recount from the rows agrees with the kept counts.
    stuffed_poll.recount_votes()
    assert counts(stuffed_poll)[0] == 20
    assert undo_voiding(voiding, editor)
    assert counts(stuffed_poll) == before
    assert not undo_voiding(voiding, editor)  # twice changes nothing
    assert counts(stuffed_poll) == before


def test_a_ballot_is_voided_once_even_when_chosen_twice(stuffed_poll, start):
    """The script's minute and its address are the same ballots: voided once, counted out once."""
    editor = member_of("Biên tập viên", "bientap")
    first = void_ballots(
        stuffed_poll, selected_ballots(stuffed_poll, addresses=[hash_ip("203.0.113.7")]), "x", editor, "a"
    )
    again = void_ballots(
        stuffed_poll, selected_ballots(stuffed_poll, minutes=[start + timedelta(minutes=40)]), "y", editor, "m"
    )
    assert first.ballot_count == 30 and again is None
    assert counts(stuffed_poll)[0] == 20
    assert BallotVoiding.objects.count() == 1


def test_a_ballot_cast_after_voiding_is_counted(stuffed_poll, start):
    editor = member_of("Biên tập viên", "bientap")
    void_ballots(stuffed_poll, selected_ballots(stuffed_poll, signatures=[SCRIPT]), "x", editor, "s")
    cast(stuffed_poll, 1, start + timedelta(minutes=50), ip="10.9.0.{i}")
    assert counts(stuffed_poll)[0] == 21


def test_voiding_and_undoing_invalidate_the_reader_pages(stuffed_poll, django_capture_on_commit_callbacks):
    editor = member_of("Biên tập viên", "bientap")
    generation = PAGES.current()
    with django_capture_on_commit_callbacks(execute=True):
        voiding = void_ballots(stuffed_poll, selected_ballots(stuffed_poll, signatures=[SCRIPT]), "x", editor, "s")
    assert PAGES.current() != generation
    generation = PAGES.current()
    with django_capture_on_commit_callbacks(execute=True):
        undo_voiding(voiding, editor)
    assert PAGES.current() != generation


def test_an_editor_voids_a_selection_from_the_page_and_undoes_it(client, stuffed_poll, start):
    editor = member_of("Biên tập viên", "bientap")
    client.force_login(editor)
    page = client.get(ballots_url(stuffed_poll))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Phiếu theo từng phút" in text and "<svg" in text and hash_ip("203.0.113.7")[:10] in text
    assert hash_ip("203.0.113.7") not in text.replace(f'value="{hash_ip("203.0.113.7")}"', "")  # shown shortened
    some = Vote.objects.filter(poll=stuffed_poll, signature_hash=SCRIPT).values_list("pk", flat=True)[:3]
    response = client.post(
        ballots_url(stuffed_poll),
        {"ballot_ids": ", ".join(str(pk) for pk in some), "minutes": [start.isoformat()], "reason": "Thử nghiệm"},
        follow=True,
    )
    assert "Đã huỷ 4 phiếu" in response.content.decode()
    voiding = BallotVoiding.objects.get()
    assert (voiding.ballot_count, voiding.voided_by, voiding.reason) == (4, editor, "Thử nghiệm")
    assert counts(stuffed_poll)[0] == 46
    client.post(reverse("admin:polls_poll_ballot_undo", args=[stuffed_poll.pk, voiding.pk]))
    voiding.refresh_from_db()
    assert voiding.undone_by == editor and counts(stuffed_poll)[0] == 50


@pytest.mark.parametrize(
    "data",
    [
        {"reason": "Không chọn gì"},
        {"ballot_ids": "1, hai", "reason": "x"},
        {"minutes": ["not-a-time"], "reason": "x"},
        {"addresses": ["<script>alert(1)</script>"], "reason": "x"},
        {"ballot_ids": "1", "reason": ""},
    ],
)
def test_bad_voiding_forms_get_a_vietnamese_answer_and_void_nothing(client, stuffed_poll, data):
    client.force_login(member_of("Biên tập viên", "bientap"))
    response = client.post(ballots_url(stuffed_poll), data)
    assert response.status_code == 400
    assert "errornote" in response.content.decode() and "<script>alert" not in response.content.decode()
    assert counts(stuffed_poll)[0] == 50 and not BallotVoiding.objects.exists()


def test_reporters_see_nothing_and_viewers_cannot_void(client, stuffed_poll):
    client.force_login(member_of("Phóng viên", "phongvien"))
    assert client.get(ballots_url(stuffed_poll)).status_code == 403
    viewer = get_user_model().objects.create_user("xem", password="x", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_poll", "view_vote"]))
    client.force_login(viewer)
    page = client.get(ballots_url(stuffed_poll))
    assert page.status_code == 200 and 'type="checkbox"' not in page.content.decode()
    assert client.post(ballots_url(stuffed_poll), {"ballot_ids": "1", "reason": "x"}).status_code == 403
    assert counts(stuffed_poll)[0] == 50


@pytest.mark.parametrize("size", [1, 2])
def test_the_page_costs_the_same_queries_for_few_and_many_ballots(client, django_assert_num_queries, start, size):
    poll = make_poll()
    cast(poll, 3 * size**3, start, per_minute=size)  # 3 or 24 ballots, over 3 or 12 minutes
    editor = member_of("Biên tập viên", "bientap")
    void_ballots(poll, selected_ballots(poll, minutes=[start]), "x", editor, "m")
    client.force_login(editor)
    client.get(ballots_url(poll))  # warm the session and permission caches
    with django_assert_num_queries(QUERIES_PER_PAGE):
        assert client.get(ballots_url(poll)).status_code == 200


QUERIES_PER_PAGE = 10


def test_a_ballot_stores_its_signature_in_the_same_queries_as_before(django_assert_num_queries):
    """The signature rides in the ballot's INSERT: cast_vote's queries are as many as without it
    (in a test: savepoint, lock, poll, duplicate, address count, insert, choices, two counts…)."""
    poll = make_poll()
    with django_assert_num_queries(QUERIES_PER_BALLOT):
        vote = cast_vote(poll, answer_ids(poll)[:1], voter="one", ip="10.2.0.1", signature=SCRIPT)
    assert Vote.objects.get(pk=vote.pk).signature_hash == SCRIPT


def test_the_vote_view_stores_the_browsers_signature(client):
    poll = make_poll()
    client.post(
        reverse("polls:vote", args=[poll.pk]),
        {"answer": answer_ids(poll)[0]},
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64)",
        HTTP_ACCEPT_LANGUAGE="vi-VN,vi;q=0.9",
    )
    assert Vote.objects.get(poll=poll).signature_hash == hash_signature(
        "Mozilla/5.0 (X11; Linux x86_64)", "vi-VN,vi;q=0.9"
    )


QUERIES_PER_BALLOT = 11  # the same before the signature (it rides in the INSERT)
