"""Create the local development superuser that `make run` prints, once."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

PASSWORD_FILE = Path(settings.BASE_DIR) / "var" / "local-admin-password.txt"


class Command(BaseCommand):
    help = "Create a local superuser 'admin' with a random password (printed) if no superuser exists."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            if PASSWORD_FILE.exists() and User.objects.filter(username=username).exists():
                self.stdout.write(
                    f"Admin login: {username} / {PASSWORD_FILE.read_text().strip()} (open /admin/ on the server)"
                )
            else:
                self.stdout.write("A superuser exists already; `manage.py changepassword` resets it.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        PASSWORD_FILE.parent.mkdir(parents=True, exist_ok=True)
        PASSWORD_FILE.write_text(password + "\n")
        PASSWORD_FILE.chmod(0o600)
        self.stdout.write(self.style.SUCCESS(f"Created admin login: {username} / {password}"))
