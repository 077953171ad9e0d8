import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def member_of(group_name):
    user = get_user_model().objects.create_user(f"u-{group_name}", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_editors_run_polls_and_reporters_do_not(client):
    """An editor opens the polls admin and exports votes; a reporter is refused."""
    editor, reporter = member_of("Biên tập viên"), member_of("Phóng viên")
    assert editor.has_perm("polls.add_poll") and editor.has_perm("polls.view_vote")
    assert not reporter.has_perm("polls.view_poll")
    client.force_login(reporter)
    assert client.get("/quan-tri/polls/poll/").status_code == 403
    client.force_login(editor)
    assert client.get("/quan-tri/polls/poll/").status_code == 200


def test_administrators_have_every_polls_permission():
    """Quản trị can also delete polls and votes."""
    admin = member_of("Quản trị")
    assert admin.has_perm("polls.delete_poll") and admin.has_perm("polls.delete_vote")
