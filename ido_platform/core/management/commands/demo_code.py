from django_otp.oath import TOTP

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Dev profile only: the current two-factor code of the demo accounts (DEMO_TOTP_KEY)."

    def handle(self, *args, **options):
        key = getattr(settings, "DEMO_TOTP_KEY", None)
        if not key:
            raise CommandError(
                "DEMO_TOTP_KEY is not set: demo codes exist in the dev profile only."
            )
        self.stdout.write(f"{TOTP(bytes.fromhex(key)).token():06d}")
