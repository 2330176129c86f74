"""Settings for the test suite (pytest's DJANGO_SETTINGS_MODULE): production settings
with a throwaway secret key and a fast password hasher.

The default PBKDF2 hasher costs ~0.5 s per user created; tests create hundreds."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-not-secret-" + "x" * 32)

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests drive the app as a web server is driven: the web lock and statement timeouts.
# (Appended to the command limits settings.py set: PostgreSQL takes the last -c.)
database_timeouts(DATABASES["default"], "web")  # noqa: F405
