"""Editors decide on suggestions: the Editors group (claims 0003) gets intake's permissions."""

from django.db import migrations

ACTIONS = ("add", "change", "delete", "view")


def seed(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="intake", codename__in=[f"{a}_suggestion" for a in ACTIONS])
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(*editors.permissions.filter(content_type__app_label="intake"))


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_suggestions"),
        ("claims", "0003_seed_ratings_and_editors"),
    ]

    operations = [migrations.RunPython(seed, revoke)]
