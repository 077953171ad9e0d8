"""The newsroom roles' share of the gallery: reporters add albums, photos and videos and attach them
to articles (they cannot publish, nor change a published one: the admin checks publish_album),
editors and administrators have everything."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER = [
    "add_album",
    "change_album",
    "view_album",
    "add_albumphoto",
    "change_albumphoto",
    "delete_albumphoto",
    "view_albumphoto",
    "add_video",
    "change_video",
    "view_video",
    "add_articlemedia",
    "change_articlemedia",
    "delete_articlemedia",
    "view_articlemedia",
]
ROLES = ["Phóng viên", "Biên tập viên", "Quản trị"]


def grant(apps, schema_editor):
    config = apps.get_app_config("gallery")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label="gallery")
    reporters, _ = Group.objects.get_or_create(name="Phóng viên")
    reporters.permissions.add(*ours.filter(codename__in=REPORTER))
    for name in ("Biên tập viên", "Quản trị"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*ours)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label="gallery")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*ours)


class Migration(migrations.Migration):
    dependencies = [("gallery", "0001_initial"), ("news", "0003_roles")]

    operations = [migrations.RunPython(grant, revoke)]
