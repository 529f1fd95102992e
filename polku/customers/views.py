"""Customers (who they are, what they agreed to, what happened, what they answered) and the
webshop connections that bring them in."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from polku.accounts.access import OrgRequest, member_view, org_object_or_404
from polku.automation.models import DeliveryNotice
from polku.insights.models import Segment
from polku.insights.segments import picker_context, refresh, segment_asked
from polku.journeys.models import Persona
from polku.privacy.models import Access

from .imports import CUSTOMER_COLUMNS, EVENT_COLUMNS, import_file
from .models import Customer, WebhookEndpoint
from .webhooks.setup import add_endpoint, endpoint_url


@member_view()
def customer_list(request: OrgRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    segment = segment_asked(request)
    customers = Customer.objects.filter(organization=request.organization)
    if query:
        customers = customers.filter(Q(name__icontains=query) | Q(email__icontains=query))
    if segment is not None:
        customers = customers.filter(segment_memberships__segment=segment)
    customers = customers.annotate(
        event_count=Count("events", distinct=True),
        response_count=Count("responses", distinct=True),
    ).order_by("name", "email", "pk")
    page = Paginator(customers, 50).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, **picker_context(request, segment, keep=("q",))}
    return render(request, "customers/list.html", context)


class PersonaForm(forms.ModelForm):
    class Meta:
        model = Customer
        fields = ["persona"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["persona"]
        field.queryset = Persona.objects.filter(organization=organization)
        field.empty_label = _("— none —")


@member_view()
def customer_detail(request: OrgRequest, pk: int) -> HttpResponse:
    customer = org_object_or_404(request, Customer, pk=pk)
    Access.record(customer, Access.Action.VIEWED, request.membership)
    context = {
        "customer": customer,
        "persona_form": PersonaForm(instance=customer, organization=request.organization),
        "segment_memberships": customer.segment_memberships.select_related("segment"),
        "consents": customer.consents.all(),
        "current_consents": customer.consents_now(),
        "external_ids": customer.external_ids.all(),
        "events": customer.events.select_related("touchpoint", "channel")[:100],
        "responses": customer.responses.select_related("survey")[:50],
        "invitations": customer.invitations.select_related("survey")[:50],
        "notices": DeliveryNotice.objects.filter(customer=customer)[:20],
        "testimonials": customer.testimonials.all(),
    }
    return render(request, "customers/detail.html", context)


@member_view("can_work_cases")
@require_POST
def customer_persona(request: OrgRequest, pk: int) -> HttpResponse:
    """Which persona the customer is most like: segments can then follow personas."""
    customer = org_object_or_404(request, Customer, pk=pk)
    form = PersonaForm(request.POST, instance=customer, organization=request.organization)
    if form.is_valid():
        form.save()
        # Segments that follow a persona take the change in now, not at the hourly count.
        for segment in Segment.objects.filter(
            organization=request.organization, persona__isnull=False
        ):
            refresh(segment)
        messages.success(request, _("The persona was saved."))
    else:
        messages.error(request, _("Choose one of the personas of your journey map."))
    return redirect("customers:detail", org=request.organization.slug, pk=customer.pk)


class ConnectionForm(forms.Form):
    platform = forms.ChoiceField(
        label=gettext_lazy("Webshop platform"), choices=WebhookEndpoint.Platform.choices
    )
    secret = forms.CharField(
        label=gettext_lazy("Signing secret"),
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            "Shopify: paste the key shown with the store's webhooks. "
            "WooCommerce: leave empty; Polku makes one for you to paste there."
        ),
    )


@member_view("can_manage_members")
def connections(request: OrgRequest) -> HttpResponse:
    """Owners connect webshops: each connection has its own URL and signing secret."""
    form = ConnectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        add_endpoint(
            request.organization, form.cleaned_data["platform"], form.cleaned_data["secret"].strip()
        )
        messages.success(
            request,
            _(
                "The connection was made. Paste its URL and secret into "
                "the webshop's webhook settings."
            ),
        )
        return redirect("customers:connections", org=request.organization.slug)
    rows = [
        (e, endpoint_url(e))
        for e in WebhookEndpoint.objects.filter(organization=request.organization)
    ]
    return render(request, "customers/connections.html", {"form": form, "rows": rows})


@member_view("can_manage_members")
def connection_delete(request: OrgRequest, pk: int) -> HttpResponse:
    endpoint = org_object_or_404(request, WebhookEndpoint, pk=pk)
    if request.method == "POST":
        endpoint.delete()
        messages.success(
            request, _("The connection was removed; its URL no longer accepts webhooks.")
        )
        return redirect("customers:connections", org=request.organization.slug)
    return render(request, "customers/connection_delete.html", {"endpoint": endpoint})


class ImportForm(forms.Form):
    what = forms.ChoiceField(
        label=gettext_lazy("What the file holds"),
        choices=[
            ("events", gettext_lazy("Events (orders, deliveries, visits…)")),
            ("customers", gettext_lazy("Customers")),
        ],
    )
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))
    dry_run = forms.BooleanField(
        label=gettext_lazy("Only check the file; store nothing"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        return upload


@member_view("can_edit_journey")
def import_file_view(request: OrgRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]

        def opener():
            upload.seek(0)
            return upload

        report = import_file(
            request.organization,
            form.cleaned_data["what"],
            opener,
            upload.name,
            dry_run=form.cleaned_data["dry_run"],
        )
    return render(
        request,
        "customers/import.html",
        {
            "form": form,
            "report": report,
            "event_columns": EVENT_COLUMNS,
            "customer_columns": CUSTOMER_COLUMNS,
        },
        status=400 if report and report.error_count else 200,
    )
