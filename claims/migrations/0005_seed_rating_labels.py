"""Seed the mapping from other fact-checkers' rating labels to the default scale, so an
imported ClaimReview rated "Mostly False" or "Four Pinocchios" lands on the right step.
Editors change it in the admin."""

from django.db import migrations
from django.db.models.functions import Lower

LABELS = {
    "true": ("True", "Correct", "Accurate", "Verdadero"),
    "mostly-true": ("Mostly true", "Mostly correct", "Mostly accurate", "Largely true", "One Pinocchio"),
    "half-true": ("Half true", "Partly true", "Partially true", "Mixture", "Mixed", "Two Pinocchios"),
    "mostly-false": ("Mostly false", "Partly false", "Partially false", "Largely false", "Three Pinocchios"),
    "false": ("False", "Incorrect", "Inaccurate", "Wrong", "Fake", "Altered", "Four Pinocchios", "Falso"),
    "pants-on-fire": ("Pants on fire", "Pants on fire!", "Fabricated"),
    "misleading": ("Misleading", "Missing context", "Out of context", "Needs context", "Exaggerated", "Engañoso"),
    "unproven": ("Unproven", "Unverified", "Unsupported", "Unsubstantiated", "No evidence"),
}

EDITOR_CODENAMES = [f"{action}_ratinglabel" for action in ("add", "change", "delete", "view")]


def seed(apps, schema_editor):
    Rating = apps.get_model("claims", "Rating")
    RatingLabel = apps.get_model("claims", "RatingLabel")
    ratings = Rating.objects.in_bulk(list(LABELS), field_name="slug")
    taken = set(RatingLabel.objects.annotate(lower=Lower("label")).values_list("lower", flat=True))
    RatingLabel.objects.bulk_create(
        RatingLabel(label=label, rating=ratings[slug])
        for slug, labels in LABELS.items()
        if slug in ratings  # an editor may have renamed or removed a step of the scale
        for label in labels
        if label.lower() not in taken
    )

    # Editors maintain the mapping; permissions are normally created after migrate.
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("claims")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    editors = apps.get_model("auth", "Group").objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label="claims", codename__in=EDITOR_CODENAMES)
        )


def unseed(apps, schema_editor):
    RatingLabel = apps.get_model("claims", "RatingLabel")
    for slug, labels in LABELS.items():
        lowered = [label.lower() for label in labels]
        RatingLabel.objects.annotate(lower=Lower("label")).filter(rating__slug=slug, lower__in=lowered).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0004_claimreview_interop"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
