"""Editors may void ballots and undo it (the poll's ballots page); administrators have every
polls permission already, the new ones included."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = ["add_ballotvoiding", "change_ballotvoiding", "view_ballotvoiding"]


def grant(apps, schema_editor):
    polls = apps.get_app_config("polls")
    polls.models_module = True
    create_permissions(polls, apps=apps, verbosity=0)
    polls.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    voiding = Permission.objects.filter(content_type__app_label="polls", codename__contains="ballotvoiding")
    editors, _ = Group.objects.get_or_create(name="Biên tập viên")
    editors.permissions.add(*voiding.filter(codename__in=EDITOR))
    admins, _ = Group.objects.get_or_create(name="Quản trị")
    admins.permissions.add(*voiding)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    voiding = Permission.objects.filter(content_type__app_label="polls", codename__contains="ballotvoiding")
    for group in Group.objects.filter(name__in=["Biên tập viên", "Quản trị"]):
        group.permissions.remove(*voiding)


class Migration(migrations.Migration):
    dependencies = [("polls", "0005_ballot_voidings")]

    operations = [migrations.RunPython(grant, revoke)]
