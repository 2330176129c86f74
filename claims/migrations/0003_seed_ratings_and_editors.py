"""Seed the default rating scale and the Editors group (editable afterwards in the admin)."""

from django.db import migrations

RATINGS = (
    ("true", "True", 6),
    ("mostly-true", "Mostly true", 5),
    ("half-true", "Half true", 4),
    ("mostly-false", "Mostly false", 3),
    ("false", "False", 2),
    ("pants-on-fire", "Pants on fire", 1),
    ("unproven", "Unproven", None),
    ("misleading", "Misleading", None),
)

EDITOR_MODELS = {
    "articles": ("publisher", "article"),
    "claims": ("speaker", "claim", "appearance", "rating", "verdict", "evidence"),
}
ACTIONS = ("add", "change", "delete", "view")


def seed(apps, schema_editor):
    Rating = apps.get_model("claims", "Rating")
    for slug, label, value in RATINGS:
        Rating.objects.get_or_create(slug=slug, defaults={"label": label, "value": value})

    # Permissions are normally created after migrate; create them now so the group can hold them.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for app_label, models in EDITOR_MODELS.items():
        codenames = [f"{action}_{model}" for model in models for action in ACTIONS]
        editors.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


def unseed(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()
    apps.get_model("claims", "Rating").objects.filter(
        slug__in=[slug for slug, _, _ in RATINGS], verdicts__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_search_triggers"),
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
