"""Importing customers and events: every bad line named, nothing stored unless all are good."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from polku.customers.imports import import_file
from polku.customers.models import Consent, Customer, Event

EVENTS_CSV = """\
kind,occurred_at,external_id,customer_email,customer_name,touchpoint,amount,delivery_method
order_placed,2026-11-20 14:30,1001,laura@example.fi,Laura,Checkout,"68,50",pickup_point
order_delivered,2026-11-22,d-1001,laura@example.fi,Laura,,,pickup_point
store_visit,2026-11-21T10:00:00+02:00,,pirjo@example.fi,Pirjo,,45.00,
"""


def run(org, content: bytes, name="events.csv", what="events", dry_run=False):
    def opener():
        return io.BytesIO(content)

    return import_file(org, what, opener, name, dry_run=dry_run)


def test_good_file_is_imported_and_a_second_import_adds_nothing(org, journey):
    report = run(org, EVENTS_CSV.encode())
    assert report.stored and report.rows == 3 and report.created == 3
    placed = Event.objects.get(kind="order_placed")
    assert placed.touchpoint == journey["touchpoint"]
    assert str(placed.amount) == "68.50" and placed.delivery_method == "pickup_point"
    assert Customer.objects.count() == 2
    again = run(org, EVENTS_CSV.encode())
    # The two rows with ids are recognised; the one without an id is a new visit.
    assert again.duplicates == 2 and again.created == 1


def test_every_bad_line_is_listed_and_nothing_is_stored(org, journey):
    content = (
        EVENTS_CSV + "teleport,2026-11-20,9,,,,,\n"
        "order_placed,yesterday,10,not-an-email,,,,\n"
        "order_placed,2026-11-20,11,,,Nowhere,abc,drone\n"
    ).encode()
    report = run(org, content)
    # One reason per bad line: the first problem found in it.
    assert not report.stored and report.error_count == 3
    assert [line for line, _message in report.errors] == [5, 6, 7]
    assert [message.split(":")[0] for _line, message in report.errors] == [
        "kind",
        "occurred_at",
        "touchpoint",
    ]
    assert not Event.objects.exists() and not Customer.objects.exists()


def test_header_problems_are_named(org):
    report = run(org, b"kind,when\norder_placed,2026-11-20\n")
    assert {line for line, _message in report.errors} == {1}
    messages = " ".join(message for _line, message in report.errors)
    assert "unknown columns: when" in messages and "missing columns: occurred_at" in messages


def test_dry_run_checks_but_stores_nothing(org, journey):
    report = run(org, EVENTS_CSV.encode(), dry_run=True)
    assert report.rows == 3 and not report.error_count and not report.stored
    assert not Event.objects.exists()


def test_semicolons_bom_and_not_utf8(org):
    content = "\ufeffkind;occurred_at\nstore_visit;2026-11-20\n".encode()
    assert run(org, content).created == 1
    broken = run(org, "kind,occurred_at\nstore_visit,2026-11-20 ä\n".encode("latin-1"))
    assert broken.error_count and "UTF-8" in broken.errors[0][1]


def test_customers_with_consents_and_tags(org):
    content = (
        b"external_id,email,name,language,tags,consent_surveys,consent_marketing\n"
        b"42,Pirjo@Example.fi,Pirjo,fi,vip;kanta-asiakas,yes,no\n"
    )
    report = run(org, content, name="customers.csv", what="customers")
    assert report.stored
    customer = Customer.objects.get()
    assert customer.email == "pirjo@example.fi" and customer.tags == ["kanta-asiakas", "vip"]
    assert customer.consents_now() == {"surveys": True, "marketing": False}
    assert Consent.objects.filter(source="import").count() == 2
    bad = run(org, b"email,consent_surveys\nx@y.fi,maybe\n", name="c.csv", what="customers")
    assert bad.errors == [(2, "consent_surveys: write yes or no")]


def test_xlsx(org, journey):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kind", "occurred_at", "external_id", "amount"])
    sheet.append(["order_placed", "2026-11-20 12:00", 5_000_000_000_000_001, 12.5])
    sheet.append([None, None, None, None])  # empty rows are skipped
    out = io.BytesIO()
    workbook.save(out)
    report = run(org, out.getvalue(), name="events.xlsx")
    assert report.stored and report.created == 1
    assert Event.objects.get().external_id == "5000000000000001"


def test_page_checks_then_imports(manager_client, org, journey, viewer_client):
    url = reverse("customers:import", args=[org.slug])
    assert viewer_client.get(url).status_code == 403

    def send(dry_run, content=None):
        content = EVENTS_CSV.encode() if content is None else content
        data = {"what": "events", "file": SimpleUploadedFile("events.csv", content)}
        if dry_run:
            data["dry_run"] = "on"
        return manager_client.post(url, data)

    page = send(True).content.decode()
    assert "The file is fine: 3 rows can be imported." in page and not Event.objects.exists()
    assert "3 stored" in send(False).content.decode()
    bad = send(False, b"kind,occurred_at\nteleport,2026-11-20\n")
    assert bad.status_code == 400 and "Nothing was imported" in bad.content.decode()
    pdf = manager_client.post(
        url, {"what": "events", "file": SimpleUploadedFile("events.pdf", b"%PDF")}
    )
    assert "Choose a .csv or .xlsx file." in pdf.content.decode()


def test_command_line(org, journey, tmp_path, capsys):
    path = tmp_path / "events.csv"
    path.write_text(EVENTS_CSV)
    call_command("import", "events", str(path), "--org", org.slug, "--dry-run")
    assert "3 rows can be imported" in capsys.readouterr().out
    call_command("import", "events", str(path), "--org", org.slug)
    assert Event.objects.count() == 3
    path.write_text("kind,occurred_at\nteleport,2026-11-20\n")
    with pytest.raises(CommandError, match="1 problems"):
        call_command("import", "events", str(path), "--org", org.slug)
