"""`polku integration add shopify|woocommerce --org <slug> [--secret S] [--json]`."""

import json

from django.core.management.base import BaseCommand, CommandError

from polku.accounts.models import Organization
from polku.customers.models import WebhookEndpoint
from polku.customers.webhooks.setup import add_endpoint, endpoint_url


class Command(BaseCommand):
    help = "Create a webhook endpoint for a webshop and print its URL and signing secret."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["add"])
        parser.add_argument("platform", choices=WebhookEndpoint.Platform.values)
        parser.add_argument("--org", required=True, help="the organization's address (slug)")
        parser.add_argument("--secret", default="", help="use this signing secret (Shopify's)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, action: str, platform: str, org: str, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"No organization with the address {org!r}.")
        endpoint = add_endpoint(organization, platform, options["secret"])
        url = endpoint_url(endpoint)
        if options["json"]:
            self.stdout.write(json.dumps({"url": url, "secret": endpoint.secret}))
        else:
            self.stdout.write(f"URL:    {url}\nSecret: {endpoint.secret}")
