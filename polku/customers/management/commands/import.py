"""`polku import customers|events FILE --org <slug> [--dry-run]`."""

from contextlib import ExitStack

from django.core.management.base import BaseCommand, CommandError

from polku.accounts.models import Organization
from polku.customers.imports import import_file


class Command(BaseCommand):
    help = "Import customers or events from a CSV or XLSX file: all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["customers", "events"])
        parser.add_argument("file")
        parser.add_argument("--org", required=True, help="the organization's address (slug)")
        parser.add_argument("--dry-run", action="store_true", help="only check the file")

    def handle(self, *args, what: str, file: str, org: str, dry_run: bool, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"No organization with the address {org!r}.")
        with ExitStack() as stack:
            report = import_file(
                organization,
                what,
                lambda: stack.enter_context(open(file, "rb")),
                file,
                dry_run=dry_run,
            )
        for line, message in report.errors:
            self.stderr.write(f"line {line}: {message}" if line else message)
        if report.error_count:
            raise CommandError(f"{report.error_count} problems; nothing was imported.")
        if report.stored:
            self.stdout.write(
                f"{report.rows} rows read, {report.created} stored, "
                f"{report.duplicates} already there."
            )
        else:
            self.stdout.write(f"The file is fine: {report.rows} rows can be imported.")
