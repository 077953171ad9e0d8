"""The newsroom roles' share of the register: reporters enter documents and their attachments
(they cannot publish, nor change a published document: the admin checks publish_document),
editors and administrators have everything, the kinds, bodies and fields included."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER = [
    "add_document",
    "change_document",
    "view_document",
    "add_attachment",
    "change_attachment",
    "delete_attachment",
    "view_attachment",
    "view_kind",
    "view_issuingbody",
    "view_field",
]
ROLES = ["Phóng viên", "Biên tập viên", "Quản trị"]


def grant(apps, schema_editor):
    config = apps.get_app_config("documents")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label="documents")
    reporters, _ = Group.objects.get_or_create(name="Phóng viên")
    reporters.permissions.add(*ours.filter(codename__in=REPORTER))
    for name in ("Biên tập viên", "Quản trị"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*ours)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label="documents")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*ours)


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_vocabularies"), ("news", "0003_roles")]

    operations = [migrations.RunPython(grant, revoke)]
