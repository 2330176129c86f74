import pytest
from rest_framework.test import APIClient

from .factories import EditorFactory, UserFactory


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
