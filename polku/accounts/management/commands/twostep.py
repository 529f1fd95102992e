"""`polku twostep status|off --email <address>`: for the person who runs Polku, when a
member has lost both their phone and their recovery codes."""

from django.core.management.base import BaseCommand, CommandError

from polku.accounts import twofactor
from polku.accounts.models import User


class Command(BaseCommand):
    help = "Show or turn off a member's two-step login (lost phone and recovery codes)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["status", "off"])
        parser.add_argument("--email", required=True, help="the member's email address")

    def handle(self, *args, action: str, email: str, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with the email address {email!r}.")
        if action == "off":
            twofactor.turn_off(user)
            self.stdout.write(f"Two-step login is off for {user.email}; they log in with")
            self.stdout.write("their password alone until they turn it on again.")
            return
        if twofactor.is_on(user):
            left = twofactor.recovery_codes_left(user)
            self.stdout.write(f"{user.email}: two-step login on, {left} recovery codes unused")
        else:
            self.stdout.write(f"{user.email}: two-step login off")
