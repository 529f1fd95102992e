from django.core.management.base import BaseCommand

from polku.demo.loader import DEMO_EMAIL, DEMO_PASSWORD, delete_demo, load_demo


class Command(BaseCommand):
    help = "Create the demo organizations and the demo login (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete and recreate the demo.")

    def handle(self, *args, reset: bool = False, **options):
        if reset:
            delete_demo()
        organization = load_demo()
        self.stdout.write(
            f"Demo organization “{organization.name}” is ready. "
            f"Log in as {DEMO_EMAIL} / {DEMO_PASSWORD}"
        )
