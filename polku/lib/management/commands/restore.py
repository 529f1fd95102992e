"""`polku restore FILE --yes`: put a backup made by `polku backup` in place of the SQLite
database. Stop the web server and the workers first. On PostgreSQL use pg_restore."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from .backup import integrity_problem

PG_RESTORE = (
    "On PostgreSQL use pg_restore, e.g. pg_restore --clean --if-exists --dbname "
    '"$DATABASE_URL" polku.dump (see docs/operating.md).'
)


class Command(BaseCommand):
    help = "Replace the SQLite database with a backup (stop Polku first)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="confirm: the data now is lost")

    def handle(self, *args, file: str, yes: bool, **options):
        if connection.vendor != "sqlite":
            raise CommandError(PG_RESTORE)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No backup file {path}.")
        backup = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
        try:
            if problem := integrity_problem(backup):
                raise CommandError(f"{path} cannot be restored: {problem}. Nothing was changed.")
            if not yes:
                raise CommandError(
                    "Restoring replaces everything in the database now: add --yes to go ahead."
                )
            connection.ensure_connection()
            backup.backup(connection.connection)  # in one step: all of it or none
        finally:
            backup.close()
        self.stdout.write(f"Restored {path}. Run `polku migrate` if the backup is older.")
