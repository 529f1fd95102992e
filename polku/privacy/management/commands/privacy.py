"""`polku privacy …`: a customer's personal data from the command line.

    polku privacy export --org <slug> --customer <number or email> [--html] [--output FILE]
    polku privacy erase --org <slug> --customer <number or email> --yes
    polku privacy retention [--org <slug>] [--run]

Exports and erasures are logged like those made in the browser, as made on the command line.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from polku.accounts.models import Organization
from polku.customers.models import Customer
from polku.privacy import personal_data
from polku.privacy.erasure import erase
from polku.privacy.models import Access, Erasure
from polku.privacy.retention import erase_expired, expired_customers
from polku.privacy.views import export_page

WHO = "command line"


class Command(BaseCommand):
    help = "Export or erase one customer's personal data, or apply the retention period."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="everything held about one customer")
        erase_ = actions.add_parser("erase", help="erase one customer for good")
        for sub in (export, erase_):
            sub.add_argument("--org", required=True, help="the organization's address (slug)")
            sub.add_argument("--customer", required=True, help="customer number or email")
        export.add_argument("--html", action="store_true", help="a readable page, not JSON")
        export.add_argument("--output", help="write to this file instead of the screen")
        erase_.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
        retention = actions.add_parser("retention", help="who the retention period erases")
        retention.add_argument("--org", help="one organization (default: all)")
        retention.add_argument("--run", action="store_true", help="erase them now")

    def handle(self, *args, action: str, **options):
        if action == "retention":
            self._retention(options["org"], options["run"])
            return
        customer = self._customer(options["org"], options["customer"])
        if action == "export":
            data = personal_data.export(customer)
            if options["html"]:
                text = export_page(data)
                Access.record(customer, Access.Action.EXPORTED_HTML, None, WHO)
            else:
                text = json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
                Access.record(customer, Access.Action.EXPORTED_JSON, None, WHO)
            if options["output"]:
                Path(options["output"]).write_text(text, encoding="utf-8")
                self.stderr.write(f"Wrote {options['output']}")
            else:
                self.stdout.write(text)
        else:
            if not options["yes"]:
                raise CommandError("Erasing cannot be undone: add --yes to go ahead.")
            erasure = erase(customer, Erasure.Reason.REQUEST, by_name=WHO)
            if erasure is None:
                raise CommandError("The customer was erased a moment ago by someone else.")
            done = ", ".join(f"{kind} {n}" for kind, n in erasure.counts.items())
            self.stdout.write(f"Customer {erasure.customer_number} erased ({done}).")

    def _customer(self, org: str, which: str) -> Customer:
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"No organization with the address {org!r}.")
        customers = Customer.objects.filter(organization=organization)
        found = (
            customers.filter(pk=int(which))
            if which.isdigit()
            else customers.filter(email__iexact=which)
        )
        count = found.count()
        if count == 0:
            raise CommandError(f"No customer {which!r} in {organization.slug}.")
        if count > 1:
            numbers = ", ".join(str(pk) for pk in found.values_list("pk", flat=True))
            raise CommandError(f"{count} customers have that email ({numbers}): give the number.")
        return found.get()

    def _retention(self, org: str | None, run: bool) -> None:
        organizations = Organization.objects.all()
        if org:
            organizations = organizations.filter(slug=org)
            if not organizations.exists():
                raise CommandError(f"No organization with the address {org!r}.")
        now = timezone.now()
        if run:
            for organization in organizations:
                erased = erase_expired(organization, now)
                self.stdout.write(f"{organization.slug}: erased {erased} customers.")
            return
        for organization in organizations:
            count = expired_customers(organization, now).count()
            self.stdout.write(
                f"{organization.slug}: {count} customers quiet for "
                f"{organization.retention_months} months would be erased."
            )
