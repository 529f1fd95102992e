"""`polku recompute [--org SLUG]`: rebuild the figures' running totals from the raw answers."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from polku.accounts.models import Organization
from polku.insights.rollups import recompute


class Command(BaseCommand):
    help = "Rebuild every rollup (the figures' running totals) from the raw answers."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="only this organization (its address, the slug)")

    def handle(self, *args, org=None, **options):
        organization = None
        if org:
            organization = Organization.objects.filter(slug=org).first()
            if organization is None:
                raise CommandError(f"No organization with the address {org!r}.")
        rows = recompute(organization)
        self.stdout.write(
            ngettext("%(count)d rollup row rebuilt.", "%(count)d rollup rows rebuilt.", rows)
            % {"count": rows}
        )
