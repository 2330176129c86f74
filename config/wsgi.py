"""WSGI entry point, as gunicorn runs it: ``gunicorn config.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Requests get the web lock and statement timeouts (config/settings.py, issue 12).
os.environ.setdefault("DJANGO_SERVING_WEB", "1")

application = get_wsgi_application()
