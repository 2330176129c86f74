"""Extraction runs when an article is created or its body changes. ``articles`` knows
nothing of this: the hook is connected here, from intake's ``ready()``."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_init, post_save

from articles.models import Article

BODY_AT_LOAD = "_intake_body_at_load"


def _remember_body(sender, instance, **kwargs):
    # Deferred bodies (``.only()``/``.defer()``) are not read: that would cost a query.
    if "body" in instance.__dict__:
        setattr(instance, BODY_AT_LOAD, instance.body)


def _article_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return  # fixtures and loaddata
    before = getattr(instance, BODY_AT_LOAD, None)
    if created or before is None or before != instance.body:
        from .services import article_extract_quietly

        # After the commit: the extraction sees the saved row, and a rolled-back save runs nothing.
        transaction.on_commit(partial(article_extract_quietly, instance.pk))
    setattr(instance, BODY_AT_LOAD, instance.body)


def connect():
    post_init.connect(_remember_body, sender=Article, dispatch_uid="intake_remember_body")
    post_save.connect(_article_saved, sender=Article, dispatch_uid="intake_extract_on_save")
