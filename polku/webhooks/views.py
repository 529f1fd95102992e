"""Owners subscribe their own systems to what happens in Polku."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from polku.accounts.access import OrgRequest, member_view, org_object_or_404

from .forms import SubscriptionForm
from .models import Delivery, Subscription

RECENT = 50


@member_view("can_manage_members")
def subscriptions(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    form = SubscriptionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        subscription = form.save(commit=False)
        subscription.organization = organization
        subscription.save()
        messages.success(
            request,
            _("Polku now posts to %(url)s. Give its receiver the secret shown below.")
            % {"url": subscription.url},
        )
        return redirect("webhooks:list", org=organization.slug)
    context = {
        "form": form,
        "subscriptions": Subscription.objects.filter(organization=organization),
        "deliveries": Delivery.objects.filter(
            subscription__organization=organization
        ).select_related("subscription")[:RECENT],
    }
    return render(request, "webhooks/list.html", context, status=400 if form.errors else 200)


@member_view("can_manage_members")
def subscription_delete(request: OrgRequest, pk: int) -> HttpResponse:
    subscription = org_object_or_404(request, Subscription, pk=pk)
    if request.method == "POST":
        subscription.delete()  # its messages still waiting go with it
        messages.success(
            request, _("Polku no longer posts to %(url)s.") % {"url": subscription.url}
        )
        return redirect("webhooks:list", org=request.organization.slug)
    return render(request, "webhooks/delete.html", {"subscription": subscription})
