"""`polku apikey create --org <slug> [--name N] [--scope S] [--json]`: a new API key,
printed once."""

import json

from django.core.management.base import BaseCommand, CommandError

from polku.accounts.apikeys import create_api_key
from polku.accounts.models import ApiKey, Organization


class Command(BaseCommand):
    help = "Create an API key for an organization; the key is printed once."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"])
        parser.add_argument("--org", required=True, help="the organization's address (slug)")
        parser.add_argument("--name", default="command line")
        parser.add_argument(
            "--scope",
            choices=ApiKey.Scope.values,
            default=ApiKey.Scope.EVENTS,
            help="read, events (send customers and events; the default) or admin",
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, action: str, org: str, name: str, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"No organization with the address {org!r}.")
        api_key, key = create_api_key(organization, name, None, options["scope"])
        if options["json"]:
            self.stdout.write(
                json.dumps({"key": key, "name": api_key.name, "organization": organization.slug})
            )
        else:
            self.stdout.write(f"API key for {organization.name} (shown only now):\n{key}")
