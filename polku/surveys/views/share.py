"""Ways to reach a survey: QR code (SVG, PNG), a printable poster, personal invitation links."""

from __future__ import annotations

import io

import segno
from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from polku.accounts.access import OrgRequest, member_view, org_object_or_404, require
from polku.accounts.models import Membership
from polku.automation.actions import create_invitation, invitation_path
from polku.customers.actions import customer_by_email

from ..models import Survey, localized


def store_url(request: OrgRequest, survey: Survey) -> str:
    """The public link as the shop's QR code carries it: channel store, source QR."""
    path = reverse("respond:survey", args=[survey.public_id])
    return request.build_absolute_uri(f"{path}?src=qr&ch=store")


def _qr(request: OrgRequest, survey: Survey):
    return segno.make(store_url(request, survey), error="m")


@member_view()
def qr_svg(request: OrgRequest, pk: int) -> HttpResponse:
    survey = org_object_or_404(request, Survey, pk=pk)
    out = io.BytesIO()
    _qr(request, survey).save(out, kind="svg", scale=10, border=2, title=survey.name)
    response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="qr-{survey.public_id}.svg"'
    return response


@member_view()
def qr_png(request: OrgRequest, pk: int) -> HttpResponse:
    survey = org_object_or_404(request, Survey, pk=pk)
    out = io.BytesIO()
    _qr(request, survey).save(out, kind="png", scale=16, border=2)
    response = HttpResponse(out.getvalue(), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="qr-{survey.public_id}.png"'
    return response


@member_view()
def poster(request: OrgRequest, pk: int) -> HttpResponse:
    survey = org_object_or_404(request, Survey, pk=pk)
    language = request.GET.get("lang") or request.organization.language
    qr_svg_markup = _qr(request, survey).svg_inline(scale=12, border=0)
    return render(
        request,
        "surveys/poster.html",
        {
            "survey": survey,
            "title": localized(
                survey.current_version.texts["title"] if survey.current_version else survey.title,
                language,
            ),
            "qr": qr_svg_markup,
            "url": store_url(request, survey),
        },
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Customer's email address"), required=False)
    name = forms.CharField(label=_("Customer's name"), max_length=200, required=False)
    employee = forms.ModelChoiceField(
        label=_("Employee who served"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("— nobody in particular —"),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["employee"]
        field.queryset = (
            Membership.objects.filter(organization=organization)
            .select_related("user")
            .order_by("user__display_name")
        )
        field.label_from_instance = lambda m: m.user.display_name


@member_view()
def invitations(request: OrgRequest, pk: int) -> HttpResponse:
    """Personal links made by hand, e.g. to send from one's own email after a service."""
    survey = org_object_or_404(request, Survey, pk=pk)
    form = InvitationForm(request.POST or None, organization=request.organization)
    if request.method == "POST":
        require(request.membership, "can_edit_journey")
        if survey.status != Survey.Status.OPEN:
            messages.error(request, _("Publish or reopen the survey first."))
        elif form.is_valid():
            data = form.cleaned_data
            customer = (
                customer_by_email(request.organization, data["email"], data["name"])
                if data["email"]
                else None
            )
            invitation = create_invitation(survey, customer=customer, employee=data["employee"])
            messages.success(request, _("A personal link was made. Copy it from the list below."))
            return redirect(
                reverse("surveys:invitations", args=[request.organization.slug, survey.pk])
                + f"#i{invitation.pk}"
            )
    rows = [
        (invitation, request.build_absolute_uri(invitation_path(invitation)))
        for invitation in survey.invitations.select_related(
            "customer", "employee__user", "response"
        )[:50]
    ]
    return render(
        request, "surveys/invitations.html", {"survey": survey, "form": form, "rows": rows}
    )
