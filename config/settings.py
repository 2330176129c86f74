"""Settings for the claim tracker.

Everything that differs between machines comes from the environment; the defaults are
safe for development. Production values are listed in README.md ("Deployment").
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# Without DEBUG, refuse to start rather than sign sessions with a key everyone can read.
# The test suite's settings (config/settings_test.py) set a throwaway key of their own.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment (or DEBUG=1 for development).")
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "api",
    "articles",
    "claims",
    "intake",
    "matching",
    "website",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves the admin's and the API docs' static files in production (after collectstatic).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Every response's Content-Security-Policy, by path: the API, its docs, the admin, the site.
    "api.middleware.ContentSecurityPolicyMiddleware",
    "api.middleware.APIJSONErrorsMiddleware",
    "api.middleware.APIOptionalTrailingSlashMiddleware",
    "api.middleware.APIPrivateResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the audit trail (admin and API alike).
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "website.branding.site",
            ],
        },
    },
]

# PostgreSQL only. `make run`/`make test` export DATABASE_URL (an embedded server
# when none is given); anything else must set it.
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "Set DATABASE_URL (e.g. postgres://user@127.0.0.1:5432/claims), "
        "or use `make run` / `make test`, which start an embedded PostgreSQL."
    )
DATABASES = {
    "default": dj_database_url.config(
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL.")

# A request never waits long on a lock or a slow statement (issue 12): it is answered 503
# with Retry-After (api.exceptions) instead of holding a worker until gunicorn kills it.
# Web limits apply where requests are served (config/wsgi.py sets DJANGO_SERVING_WEB for
# gunicorn; runserver; the test suite); management commands, imports, backups and the
# benchmark's builder get the longer command limits.
SERVING_WEB = env_bool("DJANGO_SERVING_WEB", False) or sys.argv[1:2] == ["runserver"]
DB_TIMEOUTS = {
    "web": (os.environ.get("DB_LOCK_TIMEOUT", "3s"), os.environ.get("DB_STATEMENT_TIMEOUT", "20s")),
    # 0: no limit
    "command": (os.environ.get("DB_COMMAND_LOCK_TIMEOUT", "60s"), os.environ.get("DB_COMMAND_STATEMENT_TIMEOUT", "0")),
}


def database_timeouts(database: dict, kind: str) -> None:
    """Set PostgreSQL's lock_timeout and statement_timeout for every connection to ``database``."""
    lock_timeout, statement_timeout = DB_TIMEOUTS[kind]
    options = database.setdefault("OPTIONS", {})
    given = options.get("options", "")
    options["options"] = f"{given} -c lock_timeout={lock_timeout} -c statement_timeout={statement_timeout}".strip()


database_timeouts(DATABASES["default"], "web" if SERVING_WEB else "command")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django 6 behaviour now: a scheme-less URL typed into a form means https.
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Security headers and cookies. Production (DEBUG off, behind HTTPS) gets the strict
# values; set SECURE_SSL_REDIRECT=1 when Django itself sees plain HTTP requests.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Abuse limits. Form posts (admin) and API JSON bodies are capped; API clients are
# throttled per IP (anonymous) or per user. Throttle counts live in the cache: the
# default per-process memory cache suits one server; several servers share Redis or
# Memcached via CACHES.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(2 * 1024 * 1024)))
API_MAX_BODY_BYTES = int(os.environ.get("API_MAX_BODY_BYTES", str(1024 * 1024)))
THROTTLE_RATES = {
    "anon": os.environ.get("THROTTLE_ANON", "300/minute"),
    "user": os.environ.get("THROTTLE_USER", "1200/minute"),
}

# Shared counters (issue 12): with REDIS_URL the cache, and with it every throttle counter,
# lives in Redis through Django's own RedisCache, so limits hold across workers and servers.
# Without it each process counts alone (check --deploy warns: api.W001).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "claims"),
            # A slow or absent Redis costs a request at most this, then throttling lets it through.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", "")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["api.filters.FilterBackend"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonRateThrottle",
        "api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": THROTTLE_RATES,
    # How many proxies in front of the app set X-Forwarded-For. 0: throttle by the TCP
    # peer, so a client cannot choose its own identity by sending the header.
    "NUM_PROXIES": int(os.environ.get("NUM_PROXIES", "0")),
    "DEFAULT_RENDERER_CLASSES": ["api.renderers.ORJSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Claim tracker API",
    "DESCRIPTION": "Claims made in the news, who made them, where they were quoted, "
    "and the verdicts fact-checkers reached with their evidence.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# The fact-checking organisation named as `author` in exported ClaimReview.
# "Checked before?" matching (matching/, README): a match scoring at or above SUGGEST is shown
# to editors, at or above STRONG (for texts of STRONG_MIN_WORDS words or more) flagged as
# already checked. Scores are cosine similarity + LEXICAL_WEIGHT x the BM25 share (0..1).
MATCHING_SUGGEST_THRESHOLD = float(os.environ.get("MATCHING_SUGGEST_THRESHOLD", "0.65"))
MATCHING_STRONG_THRESHOLD = float(os.environ.get("MATCHING_STRONG_THRESHOLD", "0.9"))
MATCHING_STRONG_MIN_WORDS = 8
MATCHING_LEXICAL_WEIGHT = float(os.environ.get("MATCHING_LEXICAL_WEIGHT", "0.3"))
# HNSW candidates list per lookup (pgvector's hnsw.ef_search; at least the 100 candidates).
MATCHING_EF_SEARCH = int(os.environ.get("MATCHING_EF_SEARCH", "200"))
# Off: rank lexically even where pgvector is installed.
MATCHING_VECTORS = os.environ.get("MATCHING_VECTORS", "1") not in ("0", "false", "off")

FACTCHECK_ORGANIZATION = {
    "name": os.environ.get("FACTCHECK_ORG_NAME", "Claim Tracker Demo Desk"),
    # Empty: the site's own root as the request reached it (issue 13: not 127.0.0.1:8000
    # whatever host and port serve it).
    "url": os.environ.get("FACTCHECK_ORG_URL", ""),
}

# The public site (website/, issue 17): its name, logo (a static path or a URL) and accent
# colour (#rrggbb, at least 4.5:1 against white: `manage.py check` warns otherwise), and how
# long browsers and shared caches may keep a page for anonymous readers.
SITE_NAME = os.environ.get("SITE_NAME", FACTCHECK_ORGANIZATION["name"])
SITE_LOGO = os.environ.get("SITE_LOGO", "website/logo.svg")  # a path under STATIC_URL
SITE_ACCENT_COLOR = os.environ.get("SITE_ACCENT_COLOR", "#0b5cad")
SITE_CACHE_SECONDS = int(os.environ.get("SITE_CACHE_SECONDS", "300"))

# The admin's history pages show the audit trail; reverting to an old version from there
# would bypass the services' rules (issue 14), so it is off.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Article intake by URL (issue 14): the fetch's limits. Loopback addresses are refused like
# every internal one; only the test suite's settings may allow them (to serve saved pages
# from a local http.server) -- there is deliberately no environment variable for it.
INTAKE_MAX_BYTES = int(os.environ.get("INTAKE_MAX_BYTES", str(5 * 1024 * 1024)))
INTAKE_TIMEOUT_SECONDS = float(os.environ.get("INTAKE_TIMEOUT_SECONDS", "10"))
INTAKE_ALLOW_LOOPBACK = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
