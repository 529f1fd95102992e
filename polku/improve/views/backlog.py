"""The improvement backlog: the 2×2 matrix, one improvement with its before and after."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.accounts.access import OrgRequest, member_view, org_object_or_404, require
from polku.cases.models import Case

from .. import actions
from ..forms import BacklogFilterForm, ImprovementForm, LinkCaseForm, NoteForm, ResultForm
from ..measure import before_after
from ..models import Improvement

UNFINISHED = ~Q(status__in=[Improvement.Status.DONE, Improvement.Status.MEASURED])


@member_view()
def backlog(request: OrgRequest) -> HttpResponse:
    form = BacklogFilterForm(request.GET or None, organization=request.organization)
    items = Improvement.objects.filter(organization=request.organization)
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("status") == "open":
        items = items.filter(UNFINISHED)
    elif data.get("status"):
        items = items.filter(status=data["status"])
    if data.get("touchpoint"):
        items = items.filter(touchpoint=data["touchpoint"])
    items = items.select_related("touchpoint", "owner__user").annotate(case_count=Count("cases"))
    items = list(items)
    matrix = {quadrant: [] for quadrant in Improvement.Quadrant}
    for item in items:
        if not item.is_finished:
            matrix[item.quadrant].append(item)
    quadrants = [
        (Improvement.Quadrant(q), matrix[q])
        for q in (
            Improvement.Quadrant.QUICK_WIN,
            Improvement.Quadrant.BIG_BET,
            Improvement.Quadrant.FILL_IN,
            Improvement.Quadrant.NOT_NOW,
        )
    ]
    return render(
        request, "improve/backlog.html", {"form": form, "items": items, "quadrants": quadrants}
    )


@member_view("can_work_cases")
def improvement_new(request: OrgRequest) -> HttpResponse:
    form = ImprovementForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        improvement = actions.create_improvement(
            request.organization,
            request.membership,
            source=Improvement.Source.TEAM,
            **form.cleaned_data,
        )
        messages.success(request, _("The improvement was added to the backlog."))
        return redirect("improve:detail", org=request.organization.slug, pk=improvement.pk)
    return render(request, "improve/improvement_new.html", {"form": form})


def _done(request: OrgRequest, improvement: Improvement, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("improve:detail", org=request.organization.slug, pk=improvement.pk)


@member_view()
def improvement_detail(request: OrgRequest, pk: int) -> HttpResponse:
    improvement = org_object_or_404(request, Improvement, pk=pk)
    organization, me = request.organization, request.membership
    forms = {
        "edit": ImprovementForm(instance=improvement, organization=organization, prefix="edit"),
        "note": NoteForm(prefix="note"),
        "link": LinkCaseForm(organization=organization, prefix="link"),
        "result": ResultForm(prefix="result"),
    }
    if request.method == "POST":
        require(me, "can_work_cases")
        action = next((name for name in forms if name in request.POST), None)
        if action == "edit":
            form = ImprovementForm(
                request.POST, instance=improvement, organization=organization, prefix="edit"
            )
        elif action == "link":
            form = LinkCaseForm(request.POST, organization=organization, prefix="link")
        elif action in ("note", "result"):
            form = forms[action].__class__(request.POST, prefix=action)
        else:
            return redirect("improve:detail", org=organization.slug, pk=improvement.pk)
        forms[action] = form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "edit":
                    actions.update_improvement(improvement, me, form.changed_data)
                    return _done(request, improvement, _("The improvement was saved."))
                if action == "note":
                    actions.add_note(improvement, me, data["text"])
                    return _done(request, improvement, _("The note was added."))
                if action == "link":
                    if actions.link_case(improvement, me, data["case"]):
                        return _done(request, improvement, _("The case was linked."))
                    return _done(request, improvement, _("That case was already linked."))
                actions.record_result(improvement, me, data["verdict"], data["note"])
                return _done(request, improvement, _("The result was recorded."))
            except ValidationError as error:
                form.add_error(None, error)
                improvement.refresh_from_db()
    context = {
        "improvement": improvement,
        "forms": forms,
        "comparison": before_after(improvement),
        "cases": improvement.cases.select_related("touchpoint"),
        "entries": improvement.entries.select_related("author__user"),
    }
    return render(request, "improve/improvement_detail.html", context)


@member_view("can_edit_journey")
def improvement_delete(request: OrgRequest, pk: int) -> HttpResponse:
    improvement = org_object_or_404(request, Improvement, pk=pk)
    if request.method == "POST":
        improvement.delete()
        messages.success(request, _("The improvement was deleted."))
        return redirect("improve:backlog", org=request.organization.slug)
    return render(request, "improve/improvement_delete.html", {"improvement": improvement})


@member_view("can_work_cases")
@require_POST
def improvement_from_case(request: OrgRequest, pk: int) -> HttpResponse:
    case = org_object_or_404(request, Case, pk=pk)
    improvement, created = actions.improvement_from_case(case, request.membership)
    if created:
        message = _("The case is now an idea in the backlog: give it an impact and an effort.")
    else:
        message = _("This case is already in the backlog.")
    return _done(request, improvement, message)
