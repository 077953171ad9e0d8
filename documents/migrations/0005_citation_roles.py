"""Every newsroom role may pick the documents an article cites: it is part of writing the article
(the article's own permissions still decide who may save it)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_citation", "change_citation", "delete_citation", "view_citation"]
ROLES = ["Phóng viên", "Biên tập viên", "Quản trị"]


def grant(apps, schema_editor):
    config = apps.get_app_config("documents")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label="documents", codename__in=CODENAMES)
    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*ours)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label="documents", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*ours)


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_citations")]

    operations = [migrations.RunPython(grant, revoke)]
