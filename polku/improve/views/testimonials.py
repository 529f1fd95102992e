"""The testimonial library, its exports, and withdrawing a testimonial (staff or writer)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation

from polku.accounts.access import OrgRequest, member_view, org_object_or_404
from polku.lib.spreadsheets import csv_chunks

from ..forms import TestimonialFilterForm
from ..models import Testimonial
from ..testimonials import csv_rows, html_snippet, library, withdraw


def _filtered(request: OrgRequest):
    form = TestimonialFilterForm(request.GET or None, organization=request.organization)
    data = form.cleaned_data if form.is_valid() else {}
    score = data.get("score")
    testimonials = library(
        request.organization, data.get("touchpoint"), int(score) if score else None
    )
    return form, testimonials


@member_view()
def testimonial_list(request: OrgRequest) -> HttpResponse:
    form, testimonials = _filtered(request)
    withdrawn = Testimonial.objects.filter(
        organization=request.organization, withdrawn_at__isnull=False
    ).count()
    query = request.GET.urlencode()
    context = {"form": form, "testimonials": testimonials, "withdrawn": withdrawn, "query": query}
    return render(request, "improve/testimonial_list.html", context)


@member_view()
def testimonial_csv(request: OrgRequest) -> StreamingHttpResponse:
    _form, testimonials = _filtered(request)
    response = StreamingHttpResponse(
        csv_chunks(csv_rows(testimonials)), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="testimonials-{stamp}.csv"'
    return response


@member_view()
def testimonial_snippet(request: OrgRequest) -> HttpResponse:
    form, testimonials = _filtered(request)
    snippet = html_snippet(testimonials, request.organization)
    if request.GET.get("download"):
        response = HttpResponse(snippet, content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="testimonials.html"'
        return response
    query = request.GET.urlencode()
    return render(
        request,
        "improve/testimonial_snippet_page.html",
        {"form": form, "snippet": snippet, "count": len(testimonials), "query": query},
    )


@member_view("can_work_cases")
def testimonial_withdraw(request: OrgRequest, pk: int) -> HttpResponse:
    testimonial = org_object_or_404(request, Testimonial, pk=pk)
    if request.method == "POST":
        withdraw(testimonial, by=request.membership)
        messages.success(request, translation.gettext("The testimonial was withdrawn."))
        return redirect("improve:testimonials", org=request.organization.slug)
    return render(request, "improve/testimonial_withdraw.html", {"testimonial": testimonial})


def public_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    """The writer's own link: withdraw the consent to publish their comment."""
    testimonial = get_object_or_404(
        Testimonial.objects.select_related("organization"), withdrawal_token=token
    )
    with translation.override(testimonial.language):
        if request.method == "POST":
            withdraw(testimonial)
            testimonial.refresh_from_db()
        return render(
            request,
            "improve/public_withdraw.html",
            {
                "testimonial": testimonial,
                "business": testimonial.organization,
                "language": testimonial.language,
            },
        )
