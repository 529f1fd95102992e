"""Customers: who they are, what they agreed to, what happened to them, what they answered."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render

from polku.accounts.access import OrgRequest, member_view, org_object_or_404

from .models import Customer


@member_view()
def customer_list(request: OrgRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    customers = Customer.objects.filter(organization=request.organization)
    if query:
        customers = customers.filter(Q(name__icontains=query) | Q(email__icontains=query))
    customers = customers.annotate(
        event_count=Count("events", distinct=True),
        response_count=Count("responses", distinct=True),
    ).order_by("name", "email", "pk")
    page = Paginator(customers, 50).get_page(request.GET.get("page"))
    return render(request, "customers/list.html", {"page": page, "query": query})


@member_view()
def customer_detail(request: OrgRequest, pk: int) -> HttpResponse:
    customer = org_object_or_404(request, Customer, pk=pk)
    context = {
        "customer": customer,
        "consents": customer.consents.all(),
        "current_consents": customer.consents_now(),
        "external_ids": customer.external_ids.all(),
        "events": customer.events.select_related("touchpoint", "channel")[:100],
        "responses": customer.responses.select_related("survey")[:50],
    }
    return render(request, "customers/detail.html", context)
