"""Give the newsroom roles their share of the introduction: editors and administrators change
every part of it (pages, leaders, bodies, the English page, agency links), reporters only look."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["intropage", "leader", "department", "englishpage", "agencylink"]
VIEW = [f"view_{model}" for model in MODELS]
CHANGE = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
ROLES = {"Phóng viên": VIEW, "Biên tập viên": CHANGE, "Quản trị": CHANGE}


def grant(apps, schema_editor):
    about = apps.get_app_config("about")
    about.models_module = True
    create_permissions(about, apps=apps, verbosity=0)
    about.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="about", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="about"))


class Migration(migrations.Migration):
    dependencies = [
        ("about", "0001_initial"),
        ("news", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
