"""Audit checklists, walking an audit on a phone, and the audits over time."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.accounts.access import OrgRequest, member_view, org_object_or_404, require
from polku.journeys.actions import move, place_last

from .. import actions, audits
from ..forms import CheckFormSet, NewTemplateForm, SectionForm, StepForm, TemplateForm
from ..models import Audit, AuditCheck, AuditResult, AuditSection, AuditTemplate, Improvement


@member_view()
def audit_list(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    context = {
        "templates": AuditTemplate.objects.filter(organization=organization),
        "in_progress": Audit.objects.filter(
            organization=organization, finished_at__isnull=True
        ).select_related("auditor__user"),
        "histories": audits.history(organization),
    }
    return render(request, "improve/audit_list.html", context)


@member_view("can_edit_journey")
def template_new(request: OrgRequest) -> HttpResponse:
    form = NewTemplateForm(request.POST or None, initial={"preset": "store_visit"})
    if request.method == "POST" and form.is_valid():
        template = audits.create_template(
            request.organization, form.cleaned_data["name"].strip(), form.cleaned_data["preset"]
        )
        messages.success(request, _("The checklist was created. Check its touchpoints."))
        return redirect("improve:template_detail", org=request.organization.slug, pk=template.pk)
    return render(request, "improve/template_new.html", {"form": form})


def _section_of(template: AuditTemplate, value: str) -> AuditSection:
    section = template.sections.filter(pk=value).first() if value.isdigit() else None
    if section is None:
        raise Http404
    return section


@member_view()
def template_detail(request: OrgRequest, pk: int) -> HttpResponse:
    template = org_object_or_404(request, AuditTemplate, pk=pk)
    organization = request.organization
    form = TemplateForm(instance=template, prefix="template")
    section_form = SectionForm(organization=organization, prefix="section")
    if request.method == "POST":
        require(request.membership, "can_edit_journey")
        back = redirect("improve:template_detail", org=organization.slug, pk=template.pk)
        if "save" in request.POST:
            form = TemplateForm(request.POST, instance=template, prefix="template")
            if form.is_valid():
                form.save()
                messages.success(request, _("The checklist was saved."))
                return back
        elif "add_section" in request.POST:
            section_form = SectionForm(request.POST, organization=organization, prefix="section")
            if section_form.is_valid():
                section = section_form.save(commit=False)
                section.organization, section.template = organization, template
                place_last(section)
                section.save()
                return redirect("improve:section_edit", org=organization.slug, pk=section.pk)
        elif "up" in request.POST or "down" in request.POST:
            direction = "up" if "up" in request.POST else "down"
            section = _section_of(template, request.POST[direction])
            move(section, -1 if direction == "up" else 1)
            return back
        elif "delete_section" in request.POST:
            _section_of(template, request.POST["delete_section"]).delete()
            messages.success(request, _("The section was deleted."))
            return back
        else:
            return back
    context = {
        "template": template,
        "form": form,
        "section_form": section_form,
        "sections": template.sections.select_related("touchpoint").prefetch_related("checks"),
    }
    return render(request, "improve/template_detail.html", context)


@member_view("can_edit_journey")
def section_edit(request: OrgRequest, pk: int) -> HttpResponse:
    section = org_object_or_404(request, AuditSection, pk=pk)
    organization = request.organization
    checks = AuditCheck.objects.filter(section=section)
    form = SectionForm(request.POST or None, instance=section, organization=organization)
    formset = CheckFormSet(request.POST or None, queryset=checks, prefix="checks")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            form.save()
            for check in formset.save(commit=False):
                check.organization, check.section = organization, section
                if check.pk is None:
                    place_last(check)
                check.save()
            for check in formset.deleted_objects:
                check.delete()
        messages.success(request, _("The section was saved."))
        return redirect("improve:template_detail", org=organization.slug, pk=section.template_id)
    return render(
        request,
        "improve/section_edit.html",
        {"section": section, "form": form, "formset": formset},
    )


@member_view("can_edit_journey")
def template_delete(request: OrgRequest, pk: int) -> HttpResponse:
    template = org_object_or_404(request, AuditTemplate, pk=pk)
    if request.method == "POST":
        template.delete()
        messages.success(request, _("The checklist was deleted; its audits are kept."))
        return redirect("improve:audits", org=request.organization.slug)
    return render(request, "improve/template_delete.html", {"template": template})


@member_view("can_work_cases")
@require_POST
def audit_start(request: OrgRequest, pk: int) -> HttpResponse:
    template = org_object_or_404(request, AuditTemplate, pk=pk)
    try:
        audit = audits.start_audit(template, request.membership)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("improve:template_detail", org=request.organization.slug, pk=template.pk)
    return redirect("improve:audit_walk", org=request.organization.slug, pk=audit.pk)


@member_view("can_work_cases")
def audit_walk(request: OrgRequest, pk: int) -> HttpResponse:
    audit = org_object_or_404(request, Audit, pk=pk)
    steps = audits.steps_of(audit)
    number = request.GET.get("step", "1")
    number = int(number) if number.isdigit() else 1
    if not steps or audit.is_finished:
        return redirect("improve:audit_detail", org=request.organization.slug, pk=audit.pk)
    number = min(max(number, 1), len(steps))
    step = steps[number - 1]
    posted = request.method == "POST"  # an empty POST is valid: nothing checked yet
    form = StepForm(
        request.POST if posted else None, request.FILES if posted else None, results=step.results
    )
    if posted and form.is_valid():
        before = {r.pk: r.photo.name for r in step.results}
        with transaction.atomic():
            for result in form.apply():
                result.save(update_fields=["passed", "score", "note", "photo"])
            replaced = [
                name for r in step.results if (name := before[r.pk]) and name != r.photo.name
            ]
            transaction.on_commit(lambda: delete_files(replaced))
        base = reverse("improve:audit_walk", args=[request.organization.slug, audit.pk])
        if "back" in request.POST and number > 1:
            return redirect(f"{base}?step={number - 1}")
        if number < len(steps):
            return redirect(f"{base}?step={number + 1}")
        return redirect("improve:audit_detail", org=request.organization.slug, pk=audit.pk)
    context = {"audit": audit, "step": step, "steps": steps, "form": form, "number": number}
    return render(request, "improve/audit_walk.html", context)


@member_view()
def audit_detail(request: OrgRequest, pk: int) -> HttpResponse:
    audit = org_object_or_404(request, Audit, pk=pk)
    if request.method == "POST" and "finish" in request.POST:
        require(request.membership, "can_work_cases")
        try:
            audits.finish_audit(audit)
            messages.success(request, _("The audit is finished."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("improve:audit_detail", org=request.organization.slug, pk=audit.pk)
    steps = audits.steps_of(audit)
    results = [r for step in steps for r in step.results]
    # Which failed findings already became improvements (finding → improvement).
    improved = dict(
        Improvement.objects.filter(finding__audit=audit).values_list("finding_id", "pk")
    )
    for result in results:
        result.improvement_pk = improved.get(result.pk)
    context = {
        "audit": audit,
        "steps": steps,
        "score": audits.score_of(results),
        "unanswered": sum(r.points is None for r in results),
    }
    return render(request, "improve/audit_detail.html", context)


@member_view("can_edit_journey")
def audit_delete(request: OrgRequest, pk: int) -> HttpResponse:
    audit = org_object_or_404(request, Audit, pk=pk)
    if request.method == "POST":
        photos = [r.photo.name for r in audit.results.exclude(photo="")]
        with transaction.atomic():
            audit.delete()
            transaction.on_commit(lambda: delete_files(photos))
        messages.success(request, _("The audit was deleted."))
        return redirect("improve:audits", org=request.organization.slug)
    return render(request, "improve/audit_delete.html", {"audit": audit})


def delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


@member_view()
def finding_photo(request: OrgRequest, pk: int) -> FileResponse:
    result = org_object_or_404(request, AuditResult, pk=pk)
    if not result.photo:
        raise Http404
    try:
        handle = result.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle)


@member_view("can_work_cases")
@require_POST
def finding_improve(request: OrgRequest, pk: int) -> HttpResponse:
    result = org_object_or_404(request, AuditResult, pk=pk)
    try:
        improvement, created = actions.improvement_from_finding(result, request.membership)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("improve:audit_detail", org=request.organization.slug, pk=result.audit_id)
    if created:
        messages.success(request, _("The finding is now an idea in the backlog."))
    else:
        messages.success(request, _("This finding is already in the backlog."))
    return redirect("improve:detail", org=request.organization.slug, pk=improvement.pk)
