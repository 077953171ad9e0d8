"""The newsroom's roles as groups with permissions: reporter, editor, administrator.

The rules that go with them (own drafts only, who may return or publish) are in news/workflow.py.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER = [
    "add_article",
    "change_article",  # their own drafts and returned articles only (news.workflow.can_edit)
    "view_article",
    "add_articleauthor",
    "change_articleauthor",
    "delete_articleauthor",
    "view_articleauthor",
    "add_photo",
    "change_photo",
    "delete_photo",
    "view_photo",
    "add_author",
    "view_author",
    "view_section",
]
EDITOR = REPORTER + [
    "edit_any_article",
    "review_article",
    "publish_article",
    "change_author",
    "view_dailyviews",
]
ROLES = {"Phóng viên": ("news", REPORTER), "Biên tập viên": ("news", EDITOR)}
# Administrators: every permission of the portal's apps and of accounts and groups.
ADMINISTRATOR = ("Quản trị", ["news", "polls", "auth"])


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, (app_label, codenames) in ROLES.items():
        permissions = list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
        missing = set(codenames) - {p.codename for p in permissions}
        if missing:
            raise RuntimeError(f"Permissions missing for the role {name}: {sorted(missing)}")
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)
    name, app_labels = ADMINISTRATOR
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=app_labels))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[*ROLES, ADMINISTRATOR[0]]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_workflow_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
