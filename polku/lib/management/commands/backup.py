"""`polku backup [FILE]`: a consistent copy of the live SQLite database, taken while Polku
runs (SQLite's online backup API: writers wait for a moment, nothing half-written is
copied). On PostgreSQL use pg_dump (docs/operating.md)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

PG_DUMP = (
    "On PostgreSQL use pg_dump, e.g. pg_dump --format=custom --file polku.dump "
    '"$DATABASE_URL" (see docs/operating.md).'
)


def integrity_problem(database: sqlite3.Connection) -> str:
    """Empty when the file is a sound Polku database; else what is wrong."""
    try:
        result = database.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            return result
        tables = database.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='django_migrations'"
        ).fetchone()[0]
    except sqlite3.DatabaseError as error:
        return str(error)
    return "" if tables else "not a Polku database"


class Command(BaseCommand):
    help = "Copy the live SQLite database to a file, consistently, while Polku runs."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write (default: VAR_DIR/backups/)")

    def handle(self, *args, file: str | None, **options):
        if connection.vendor != "sqlite":
            raise CommandError(PG_DUMP)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        target = Path(file) if file else settings.VAR_DIR / "backups" / f"polku-{stamp}.sqlite3"
        if target.exists():
            raise CommandError(f"{target} exists already: name another file.")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        connection.ensure_connection()
        copy = sqlite3.connect(partial)
        try:
            connection.connection.backup(copy)  # all pages in one step: one moment's state
            problem = integrity_problem(copy)
        finally:
            copy.close()
        if problem:
            partial.unlink(missing_ok=True)
            raise CommandError(f"The copy failed its check: {problem}")
        partial.rename(target)
        self.stdout.write(f"Backed up to {target} ({target.stat().st_size / 1e6:.1f} MB).")
