"""The inbox, one case, and opening a case by hand."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from polku.accounts.access import OrgRequest, member_view, org_object_or_404, require
from polku.automation.messages import Kind
from polku.customers.actions import customer_by_email
from polku.text.filters import responses_with

from . import actions
from .figures import figures_for
from .forms import (
    AssignForm,
    BulkForm,
    InboxFilterForm,
    NewCaseForm,
    NoteForm,
    ReplyForm,
    ResolveForm,
    StatusForm,
)
from .models import Case
from .replies import can_reply, draft, send_reply

OPEN = ~Q(status__in=[Case.Status.RESOLVED, Case.Status.CLOSED])


def _filtered(request: OrgRequest, form: InboxFilterForm):
    cases = Case.objects.filter(organization=request.organization)
    data = form.cleaned_data if form.is_valid() else {}
    view = data.get("view") or "open"
    if view == "mine":
        cases = cases.filter(OPEN, assignee=request.membership)
    elif view == "unassigned":
        cases = cases.filter(OPEN, assignee__isnull=True)
    elif view == "overdue":
        cases = cases.filter(OPEN, due_at__lt=timezone.now())
    elif view == "open":
        cases = cases.filter(OPEN)
    if data.get("status"):
        cases = cases.filter(status=data["status"])
    if data.get("kind"):
        cases = cases.filter(kind=data["kind"])
    if data.get("touchpoint"):
        cases = cases.filter(touchpoint=data["touchpoint"])
    if data.get("tag"):
        cases = _with_tag(cases, data["tag"])
    if data.get("segment"):
        cases = cases.filter(customer__segment_memberships__segment=data["segment"])
    if data.get("theme") or data.get("sentiment"):
        cases = responses_with(cases, data.get("theme"), data.get("sentiment", ""), via="response")
    return cases, view


def _with_tag(cases, tag: str):
    # SQLite has no JSON containment lookup, so the stored list is read as text and the tag
    # looked for as a JSON string in it. SQLite keeps the JSON as Django wrote it (non-ASCII
    # letters escaped); PostgreSQL writes jsonb back out with the letters themselves.
    needle = json.dumps(tag, ensure_ascii=connection.vendor == "sqlite")
    return cases.annotate(tags_text=Cast("tags", TextField())).filter(tags_text__contains=needle)


@member_view()
def inbox(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    if request.method == "POST":
        require(request.membership, "can_work_cases")
        bulk = BulkForm(request.POST, organization=organization)
        if bulk.is_valid():
            chosen = list(bulk.cleaned_data["cases"])
            done = 0
            if "assign" in request.POST:
                done = actions.assign(chosen, request.membership, bulk.cleaned_data["assignee"])
            elif "tag" in request.POST and bulk.cleaned_data["tag"]:
                done = actions.add_tags(chosen, request.membership, [bulk.cleaned_data["tag"]])
            messages.success(
                request,
                ngettext("%(count)d case changed.", "%(count)d cases changed.", done)
                % {"count": done},
            )
        else:
            messages.error(request, _("Choose at least one case."))
        return redirect(request.get_full_path())
    form = InboxFilterForm(request.GET or None, organization=organization)
    cases, view = _filtered(request, form)
    cases = cases.select_related("customer", "touchpoint", "assignee__user")
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    open_cases = Case.objects.filter(OPEN, organization=organization)
    counts = {
        "open": open_cases.count(),
        "mine": open_cases.filter(assignee=request.membership).count(),
        "unassigned": open_cases.filter(assignee__isnull=True).count(),
        "overdue": open_cases.filter(due_at__lt=timezone.now()).count(),
    }
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "view": view,
        "counts": counts,
        "query": query.urlencode(),
        "bulk": BulkForm(organization=organization),
        "now": timezone.now(),
    }
    return render(request, "cases/inbox.html", context)


def _done(request: OrgRequest, case: Case, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("cases:detail", org=request.organization.slug, pk=case.pk)


@member_view()
def case_detail(request: OrgRequest, pk: int) -> HttpResponse:
    case = org_object_or_404(request, Case, pk=pk)
    organization, me = request.organization, request.membership
    replying = can_reply(case)
    forms = {
        "note": NoteForm(prefix="note"),
        "status": StatusForm(prefix="status", initial={"status": case.status}),
        "assign": AssignForm(
            prefix="assign", organization=organization, initial={"assignee": case.assignee_id}
        ),
        "reply": None,
        "resolve": ResolveForm(prefix="resolve", initial={"resolution": case.resolution}),
    }
    if replying and me.can_work_cases:
        subject, text = draft(case, me)
        forms["reply"] = ReplyForm(prefix="reply", initial={"subject": subject, "text": text})
        if actions.must_tell_how_fixed(case):
            subject, text = draft(case, me, Kind.FIX_TOLD)
            forms["resolve"].initial.update(tell_subject=subject, tell_text=text)
    action = next((name for name in forms if name in request.POST), None)
    if request.method == "POST":
        require(me, "can_work_cases")
        form_class = {
            "note": NoteForm,
            "status": StatusForm,
            "reply": ReplyForm,
            "resolve": ResolveForm,
        }.get(action)
        if action == "assign":
            form = AssignForm(request.POST, prefix="assign", organization=organization)
        elif form_class:
            form = form_class(request.POST, prefix=action)
        else:
            return redirect("cases:detail", org=organization.slug, pk=case.pk)
        forms[action] = form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "note":
                    actions.add_note(case, me, data["text"])
                    return _done(request, case, _("The note was added."))
                if action == "assign":
                    actions.assign([case], me, data["assignee"])
                    return _done(request, case, _("The case was assigned."))
                if action == "status":
                    actions.change_status(case, me, data["status"])
                    return _done(request, case, _("The case was updated."))
                if action == "reply":
                    if not replying:
                        raise ValidationError(_("This customer has no email address."))
                    send_reply(case, me, data["subject"], data["text"])
                    return _done(request, case, _("The reply is on its way."))
                actions.resolve(
                    case,
                    me,
                    data["resolution"],
                    tell_subject=data["tell_subject"],
                    tell_text=data["tell_text"],
                    not_told_because=data["not_told_because"],
                )
                return _done(request, case, _("The case was resolved."))
            except ValidationError as error:
                form.add_error(None, error)
    context = {
        "case": case,
        "entries": case.entries.select_related("author__user", "email"),
        "forms": forms,
        "must_tell": actions.must_tell_how_fixed(case),
        "improvements": case.improvements.all(),
        "can_reply": replying,
    }
    return render(request, "cases/detail.html", context)


@member_view("can_work_cases")
def case_new(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    form = NewCaseForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        customer = None
        if data["customer_email"]:
            customer = customer_by_email(
                organization, data["customer_email"], data["customer_name"]
            )
        case = actions.open_case(
            organization,
            request.membership,
            kind=data["kind"],
            summary=data["summary"],
            came_by=data["came_by"],
            customer=customer,
            touchpoint=data["touchpoint"],
            employee=data["employee"],
        )
        messages.success(request, _("The case was opened and assigned to you."))
        return redirect("cases:detail", org=organization.slug, pk=case.pk)
    return render(request, "cases/new.html", {"form": form})


PERIODS = (7, 30, 90, 365)


@member_view()
def case_figures(request: OrgRequest) -> HttpResponse:
    try:
        days = int(request.GET.get("days", 30))
    except ValueError:
        days = 30
    days = days if days in PERIODS else 30
    figures = figures_for(request.organization, days)
    context = {
        "days": days,
        "periods": PERIODS,
        "overall": figures["overall"],
        "groups": [
            (_("Team member"), figures["by_member"]),
            (_("Touchpoint"), figures["by_touchpoint"]),
        ],
    }
    return render(request, "cases/figures.html", context)
