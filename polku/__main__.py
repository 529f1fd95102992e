"""The `polku` command.

polku run        migrate, load the demo into an empty database, start a worker, serve
polku worker     run background tasks alone (invitations, reminders, notices, sending)
polku demo       create the demo organizations and login
polku backup     a consistent copy of the live SQLite database (restore: polku restore)
polku privacy    export or erase a customer's personal data; the retention period
polku twostep    show or turn off a member's two-step login (a lost phone)
polku <command>  any Django management command (migrate, createsuperuser, ...)
"""

from __future__ import annotations

import os
import subprocess
import sys


def _serve() -> None:
    import django
    from django.core.management import call_command

    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    # Links in emails point here unless SITE_URL names the public address.
    os.environ.setdefault("SITE_URL", f"http://{host}:{port}")
    django.setup()
    from polku.accounts.models import Organization
    from polku.demo.loader import DEMO_EMAIL, DEMO_PASSWORD, load_demo
    from polku.serving import default_workers, granian_command, serve

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    demo_note = ""
    if not Organization.objects.exists() and os.environ.get("POLKU_LOAD_DEMO", "1") != "0":
        load_demo()
        demo_note = "the demo was loaded into the empty database"
    print(f"\n  Polku is running at http://{host}:{port}/", flush=True)
    if demo_note or Organization.objects.filter(slug="demo").exists():
        print(f"  Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}", flush=True)
    worker = None
    if os.environ.get("POLKU_WORKER", "1") != "0":
        # The worker beside the web server; it stops when the server does.
        worker = subprocess.Popen(  # noqa: S603 - our own program
            [sys.executable, "-m", "polku", "worker", "-v", "0", "--exit-with-parent"]
        )
        print("  A background worker sends invitations and notices (POLKU_WORKER=0: none).")
    print("  Stop with Ctrl+C.\n", flush=True)
    # Processes rather than threads: SQLite takes one writer at a time, and a thread waiting
    # for the lock holds the GIL its siblings need (bench/README.md has the figures).
    command = granian_command(
        sys.executable,
        "polku.wsgi:application",
        host,
        port,
        workers=os.environ.get("WEB_CONCURRENCY") or default_workers(),
        threads=os.environ.get("POLKU_THREADS", "1"),
        access_log=True,
    )
    status = serve(command)
    if worker is not None:
        worker.terminate()  # it finishes the task in hand, then stops
        worker.wait()
    sys.exit(status)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polku.settings")
    command = argv[0] if argv else "help"
    if command == "run":
        _serve()
        return
    from django.core.management import execute_from_command_line

    if command == "demo":
        argv = ["load_demo", *argv[1:]]
    execute_from_command_line(["polku", *argv])


if __name__ == "__main__":
    main()
