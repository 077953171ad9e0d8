"""The newsroom roles' share of Hỏi đáp: editors and administrators answer, publish and reject;
reporters may only read the questions (a change could publish one)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER = ["view_question", "view_topic"]


def grant(apps, schema_editor):
    config = apps.get_app_config("questions")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label="questions")
    reporters, _ = Group.objects.get_or_create(name="Phóng viên")
    reporters.permissions.add(*ours.filter(codename__in=REPORTER))
    for name in ("Biên tập viên", "Quản trị"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*ours)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label="questions")
    for group in Group.objects.filter(name__in=["Phóng viên", "Biên tập viên", "Quản trị"]):
        group.permissions.remove(*ours)


class Migration(migrations.Migration):
    dependencies = [("questions", "0001_initial"), ("news", "0003_roles")]

    operations = [migrations.RunPython(grant, revoke)]
