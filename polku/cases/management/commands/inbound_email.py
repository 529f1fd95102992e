"""`polku inbound_email < message.eml`: thread a customer's email into its case.

For mail servers that pipe a message to a program (e.g. Postfix's `pipe`, an alias
`"|/srv/polku/.venv/bin/polku inbound_email"`). Exits 67 (no such user) when no case matches,
so the mail server bounces the message instead of dropping it.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from polku.cases.replies import receive_email

EX_NOUSER = 67


class Command(BaseCommand):
    help = "Read one email from standard input and add it to the case it answers."

    def handle(self, *args, **options) -> None:
        case = receive_email(sys.stdin.buffer.read())
        if case is None:
            self.stderr.write("No case matches this message; nothing was stored.")
            sys.exit(EX_NOUSER)
        self.stdout.write(f"Added to case {case.pk}.")
