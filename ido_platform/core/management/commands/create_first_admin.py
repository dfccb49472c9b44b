"""A new installation's first account: a superuser with a national-admin membership, plus the
site's own pages (home, locations, privacy and accessibility statements), without demo data."""

import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from ido_platform.core.demo import load_pages
from ido_platform.core.models import Membership, Role, SupportOrganisation


class Command(BaseCommand):
    help = (
        "Create the first superuser with a national-admin (landelijk beheerder) membership and "
        "the site's pages, for a new installation without demo data. The password is asked for, "
        "or read from standard input with --password-stdin. Refuses an existing username."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--organisation",
            default="KB, de nationale bibliotheek",
            help="The national organisation of the membership (made when missing).",
        )
        parser.add_argument(
            "--password-stdin", action="store_true", help="Read the password from stdin."
        )
        parser.add_argument(
            "--no-pages", action="store_true", help="Do not create the site's own pages."
        )

    def handle(self, *args, **options):
        User = get_user_model()
        username = options["username"].strip()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"User {username!r} already exists; nothing changed.")
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = self._ask_password()
        user = User(
            username=username,
            email=options["email"],
            first_name=options["first_name"],
            last_name=options["last_name"],
            is_staff=True,
            is_superuser=True,
        )
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)
        with transaction.atomic():
            user.save()
            name = options["organisation"]
            organisation = SupportOrganisation.objects.filter(name=name).first()
            if organisation is None:
                organisation = SupportOrganisation.objects.create(
                    name=name, slug=slugify(name)[:200], kind=SupportOrganisation.Kind.KB
                )
            Membership.objects.create(user=user, organisation=organisation, role=Role.NATIONAL)
            if not options["no_pages"]:
                load_pages()
        self.stdout.write(
            f"Created superuser {username!r}, landelijk beheerder at {organisation.name}. "
            "Log in at /inloggen/ and set up two-factor authentication with an authenticator app."
        )

    def _ask_password(self):
        if not self.stdin_is_interactive():
            raise CommandError("Run the command interactively, or pass --password-stdin.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords differ.")
        return first

    @staticmethod
    def stdin_is_interactive():
        return sys.stdin.isatty()
