"""Give the newsroom roles their share of the polls: editors run polls and export votes,
administrators have every polls permission. Reporters do not touch polls."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = [
    "add_poll", "change_poll", "view_poll",
    "add_answer", "change_answer", "delete_answer", "view_answer",
    "view_vote", "view_votechoice",
]


def grant(apps, schema_editor):
    polls = apps.get_app_config("polls")
    polls.models_module = True
    create_permissions(polls, apps=apps, verbosity=0)
    polls.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Biên tập viên")
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="polls", codename__in=EDITOR))
    admins, _ = Group.objects.get_or_create(name="Quản trị")
    admins.permissions.add(*Permission.objects.filter(content_type__app_label="polls"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    polls_permissions = Permission.objects.filter(content_type__app_label="polls")
    for group in Group.objects.filter(name__in=["Biên tập viên", "Quản trị"]):
        group.permissions.remove(*polls_permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("polls", "0001_initial"),
        ("news", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
