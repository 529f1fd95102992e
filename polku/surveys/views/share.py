"""Ways to reach a survey: the QR code (SVG, PNG) and a printable poster for the counter."""

from __future__ import annotations

import io

import segno
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from polku.accounts.access import OrgRequest, member_view, org_object_or_404

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
