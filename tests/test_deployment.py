"""Deployment safety: production settings pass `check --deploy`, secrets come only from the
environment, DEBUG is off unless asked for, and responses carry the security headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7Vq2-production-like-secret-key-with-enough-entropy-9fK3mZ0pL8wR",
    "ALLOWED_HOSTS": "claims.example.org",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_PRELOAD": "1",
    # Shared throttle counters (issue 12); check --deploy does not connect to it.
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, **env_overrides):
    # Production settings, without what the test process itself sets (pytest-django's
    # settings module, the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE).
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings", **env_overrides}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_that_throttling_is_per_process_without_redis():
    env = {key: value for key, value in PRODUCTION.items() if key != "REDIS_URL"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", REDIS_URL="", **env)
    assert result.returncode != 0
    assert "api.W001" in result.stdout + result.stderr
    silenced = manage(
        "check", "--deploy", "--fail-level", "WARNING", REDIS_URL="", SILENCED_SYSTEM_CHECKS="api.W001", **env
    )
    assert silenced.returncode == 0, silenced.stdout + silenced.stderr


def test_production_without_a_secret_key_refuses_to_start():
    env = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    result = manage("check", SECRET_KEY="", **env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_debug_is_off_by_default():
    result = manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)", DEBUG="", SECRET_KEY="k")
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_without_database_url_settings_refuse_to_start():
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"} | {"SECRET_KEY": "k"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "DATABASE_URL" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/claims/", "/api/claims/987654/", "/admin/login/", "/api/docs/"])
def test_security_headers(client, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    if path != "/api/docs/":  # drf-spectacular's Swagger page opts out for its OAuth pop-up
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    if path.startswith("/api/claims/"):
        assert "default-src 'none'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_hsts_is_sent_over_https(client):
    response = client.get("/api/claims/", secure=True)
    assert "max-age=" in response["Strict-Transport-Security"]


def test_production_serves_collected_static_files(tmp_path):
    """With DEBUG off (gunicorn in production) the admin and Swagger assets still load."""
    collected = manage("collectstatic", "--noinput", STATIC_ROOT=str(tmp_path), **PRODUCTION)
    assert collected.returncode == 0, collected.stderr
    probe = (
        "from django.test import Client; "
        "r = Client(HTTP_HOST='claims.example.org').get('/static/admin/css/base.css', secure=True); "
        "print(r.status_code)"
    )
    result = manage("shell", "-c", probe, STATIC_ROOT=str(tmp_path), **PRODUCTION)
    assert result.stdout.strip().splitlines()[-1] == "200", result.stderr
