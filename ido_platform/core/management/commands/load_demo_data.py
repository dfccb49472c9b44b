from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from ido_platform.core.demo import DEMO_USERS
from ido_platform.core.models import Role


class Command(BaseCommand):
    help = "Load the demo data of every app (idempotent: running it twice changes nothing)."

    def handle(self, *args, **options):
        for dotted_path in settings.DEMO_LOADERS:
            import_string(dotted_path)()
            self.stdout.write(f"Loaded {dotted_path}")
        password = getattr(settings, "DEMO_PASSWORD", None)
        self.stdout.write("")
        self.stdout.write("Demo accounts (log in at http://127.0.0.1:8000/inloggen/):")
        for username, _first, _last, role, _org, _loc in DEMO_USERS:
            shown = password if password else "(no password outside the dev profile)"
            self.stdout.write(f"  {Role(role).label:<32} {username:<12} {shown}")
        if getattr(settings, "DEMO_TOTP_KEY", None):
            self.stdout.write(
                "Two-factor code for coordinator, auditor, redacteur, landelijk: run "
                "`.venv/bin/python manage.py demo_code` (or add the key "
                "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ to an authenticator app)."
            )
