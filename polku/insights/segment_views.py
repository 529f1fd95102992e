"""Segment pages: the list with each segment's members and conditions, making, changing,
recounting and deleting one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from polku.accounts.access import OrgRequest, member_view, org_object_or_404
from polku.lib.deletion import still_used_by

from .forms import SegmentForm
from .models import Segment
from .segments import Recount, conditions_in_words, refresh


@member_view()
def segment_list(request: OrgRequest) -> HttpResponse:
    segments = Segment.objects.filter(organization=request.organization).select_related("persona")
    rows = [(segment, conditions_in_words(segment)) for segment in segments]
    return render(request, "insights/segments.html", {"rows": rows})


def _counted(request: OrgRequest, segment: Segment, recount: Recount) -> None:
    messages.success(
        request,
        ngettext(
            "“%(name)s” has %(count)d customer now.",
            "“%(name)s” has %(count)d customers now.",
            recount.members,
        )
        % {"name": segment.name, "count": recount.members},
    )


def _form_page(request: OrgRequest, segment: Segment, title: str) -> HttpResponse:
    form = SegmentForm(request.POST or None, instance=segment, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        segment = form.save()
        _counted(request, segment, refresh(segment))
        return redirect("insights:segments", org=request.organization.slug)
    return render(
        request,
        "insights/segment_form.html",
        {"form": form, "title": title, "segment": segment},
        status=400 if form.errors else 200,
    )


@member_view("can_edit_journey")
def segment_create(request: OrgRequest) -> HttpResponse:
    return _form_page(
        request, Segment(organization=request.organization), _("New customer segment")
    )


@member_view("can_edit_journey")
def segment_edit(request: OrgRequest, pk: int) -> HttpResponse:
    segment = org_object_or_404(request, Segment, pk=pk)
    return _form_page(request, segment, _("Edit “%(name)s”") % {"name": segment.name})


@member_view("can_edit_journey")
@require_POST
def segment_refresh(request: OrgRequest, pk: int) -> HttpResponse:
    segment = org_object_or_404(request, Segment, pk=pk)
    _counted(request, segment, refresh(segment))
    return redirect("insights:segments", org=request.organization.slug)


@member_view("can_edit_journey")
def segment_delete(request: OrgRequest, pk: int) -> HttpResponse:
    segment = org_object_or_404(request, Segment, pk=pk)
    blockers = still_used_by(segment)
    list_url = reverse("insights:segments", args=[request.organization.slug])
    if request.method == "POST" and not blockers:
        segment.delete()
        messages.success(request, _("“%(name)s” was deleted.") % {"name": segment.name})
        return redirect(list_url)
    return render(
        request,
        "journeys/confirm_delete.html",
        {
            "object": segment,
            "blockers": blockers,
            "consequences": [
                _(
                    "The customers stay as they are; only the segment and its figures go. "
                    "Figures of all customers do not change."
                )
            ],
            "cancel_url": list_url,
        },
        status=409 if blockers and request.method == "POST" else 200,
    )
