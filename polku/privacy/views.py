"""Personal data pages, for owners: retention, the erasure and access logs, and one
customer's export and erasure."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.access import OrgRequest, member_view, org_object_or_404
from polku.automation.models import DeliveryNotice, Invitation
from polku.cases.models import Case, CaseEntry
from polku.customers.models import Consent, Customer, Event
from polku.outbox.models import OutboxEmail

from . import personal_data
from .erasure import erase
from .forms import EraseForm, RetentionForm
from .models import Access, Erasure
from .retention import expired_customers, kept_for_open_cases

PREVIEW_NAMES = 20


@member_view("can_manage_members")
def overview(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    form = RetentionForm(request.POST if request.method == "POST" else None, instance=organization)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("The retention period was saved."))
            return redirect("privacy:overview", org=organization.slug)
        organization.refresh_from_db()  # the preview shows the saved period, not the bad one
    expired = expired_customers(organization)
    context = {
        "form": form,
        "expired_count": expired.count(),
        "expired": expired.order_by("created_at", "pk")[:PREVIEW_NAMES],
        "kept_for_cases": kept_for_open_cases(organization),
        "erasures": Paginator(
            Erasure.objects.filter(organization=organization).select_related("by__user"), 25
        ).get_page(request.GET.get("erasures")),
        "accesses": Paginator(Access.objects.filter(organization=organization), 50).get_page(
            request.GET.get("accesses")
        ),
    }
    return render(request, "privacy/overview.html", context)


def _filename(customer: Customer, extension: str) -> str:
    return f"customer-{customer.pk}-{timezone.localdate().isoformat()}.{extension}"


@member_view("can_manage_members")
def export_json(request: OrgRequest, pk: int) -> HttpResponse:
    customer = org_object_or_404(request, Customer, pk=pk)
    data = personal_data.export(customer)
    Access.record(customer, Access.Action.EXPORTED_JSON, request.membership)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(customer, "json")}"'
    return response


def export_page(data: dict) -> str:
    """The export as one self-contained HTML page, readable offline, stored codes in words."""
    labels = {
        "customer_kind": dict(Customer.Kind.choices),
        "purpose": dict(Consent.Purpose.choices),
        "event": dict(Event.Kind.choices),
        "delivery": dict(Event.Delivery.choices),
        "invitation": dict(Invitation.State.choices),
        "notice": dict(DeliveryNotice.Reason.choices),
        "case_kind": dict(Case.Kind.choices),
        "case_status": dict(Case.Status.choices),
        "entry": dict(CaseEntry.Kind.choices),
        "email": dict(OutboxEmail.Status.choices),
    }
    return render_to_string("privacy/export.html", {"data": data, "labels": labels})


@member_view("can_manage_members")
def export_html(request: OrgRequest, pk: int) -> HttpResponse:
    customer = org_object_or_404(request, Customer, pk=pk)
    data = personal_data.export(customer)
    Access.record(customer, Access.Action.EXPORTED_HTML, request.membership)
    response = HttpResponse(export_page(data))
    # The page carries its own styles so that it reads the same saved to a file; no scripts.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{_filename(customer, "html")}"'
    return response


@member_view("can_manage_members")
def erase_view(request: OrgRequest, pk: int) -> HttpResponse:
    customer = org_object_or_404(request, Customer, pk=pk)
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        number = customer.pk
        erase(customer, Erasure.Reason.REQUEST, by=request.membership)
        messages.success(
            request,
            _("Customer %(number)d was erased. Their answers remain in the figures anonymously.")
            % {"number": number},
        )
        return redirect("customers:list", org=request.organization.slug)
    held = personal_data.held_about(customer)
    context = {
        "customer": customer,
        "form": form,
        "counts": {
            "responses": held.responses.count(),
            "cases": held.cases.count(),
            "testimonials": held.testimonials.count(),
            "events": customer.events.count(),
            "emails": held.emails.count(),
        },
    }
    return render(request, "privacy/erase.html", context, status=400 if form.errors else 200)
