"""manage.py import_population FILE [--source TEXT] [--demo]: inhabitants per municipality
per year from a CSV in the layout of the CBS municipality tables (see
funding.services.population). The whole file or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from funding.services.population import PopulationImportError, import_population


class Command(BaseCommand):
    help = "Read inhabitants per municipality per year from a CBS-style CSV file."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--source", default="", help="Where the figures come from.")
        parser.add_argument("--demo", action="store_true", help="Mark the figures as demo data.")

    def handle(self, *args, path, source, demo, **options):
        try:
            content = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        try:
            result = import_population(content, source=source or Path(path).name, is_demo=demo)
        except PopulationImportError as error:
            raise CommandError("\n".join(error.errors)) from None
        self.stdout.write(
            f"{result.created} figures added, {result.updated} replaced, "
            f"{result.municipalities_added} new municipalities."
        )
