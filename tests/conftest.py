import functools
import importlib

import pytest
from rest_framework.test import APIClient

from .factories import EditorFactory, UserFactory

# Real-browser fixtures (browser_page, screenshot): Playwright driving Debian's Chromium.
pytest_plugins = ["tests.browser"]


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def editor(db):
    return EditorFactory()


@pytest.fixture
def staff_user(db):
    """Staff (sees drafts) but holds no model permissions."""
    return UserFactory(is_staff=True)


@pytest.fixture
def plain_user(db):
    """Authenticated, no rights at all."""
    return UserFactory()


@pytest.fixture
def editor_api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.fixture
def editor_client(client, editor):
    """Django test client logged in as an Editors user (for the admin)."""
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttle counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# Data migrations whose rows every test expects (the rating scale, the Editors group,
# the ClaimReview label mapping). A new seeding migration belongs in this list.
SEED_MIGRATIONS = [
    "claims.migrations.0003_seed_ratings_and_editors",
    "claims.migrations.0005_seed_rating_labels",
    "intake.migrations.0002_editors_decide_suggestions",
]


@functools.cache
def _migrated_state_apps():
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    return MigrationLoader(connection).project_state().apps


def _seed_again_after_flush(sender, using, **kwargs):
    """Transactional tests (live server, races, backups) end with ``flush``, which empties the
    migration-seeded tables and then sends ``post_migrate``: seed them again there, so every
    later test sees a freshly migrated database, in any order and with --reuse-db."""
    if sender.label != "claims":  # post_migrate is sent once per app
        return
    for name in SEED_MIGRATIONS:
        importlib.import_module(name).seed(_migrated_state_apps(), None)


def pytest_configure(config):
    from django.db.models.signals import post_migrate

    post_migrate.connect(_seed_again_after_flush, sender=None, dispatch_uid="tests-seed-again-after-flush")
