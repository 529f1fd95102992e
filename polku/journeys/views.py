"""Journey map, service blueprint, and the pages that edit the map's rows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.db import models
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from polku.accounts.access import OrgRequest, member_view, org_object_or_404
from polku.cases.models import Case
from polku.insights.comparison import PERIODS, days_asked
from polku.insights.metrics import HEADLINE_COUNTERS, Figures, rollups_of, sliced
from polku.insights.models import Segment
from polku.insights.segments import picker_context, segment_asked
from polku.text.drivers import worst_by_touchpoint

from . import actions, transfer
from .forms import (
    ChannelForm,
    ImportForm,
    OrganizationScopedForm,
    PersonaForm,
    PersonaStepForm,
    StageForm,
    TouchpointForm,
)
from .models import Channel, Persona, PersonaStep, Stage, Touchpoint


@dataclass(frozen=True)
class Section:
    """One kind of row on the journey map that members edit through the same pages."""

    model: type[models.Model]
    form: type[OrganizationScopedForm]
    title: str
    add_label: str
    empty_text: str


SECTIONS = {
    "stages": Section(
        Stage,
        StageForm,
        gettext_lazy("Stages"),
        gettext_lazy("Add stage"),
        gettext_lazy("No stages yet. A journey needs at least one."),
    ),
    "channels": Section(
        Channel,
        ChannelForm,
        gettext_lazy("Channels"),
        gettext_lazy("Add channel"),
        gettext_lazy("No channels yet."),
    ),
    "touchpoints": Section(
        Touchpoint,
        TouchpointForm,
        gettext_lazy("Touchpoints"),
        gettext_lazy("Add touchpoint"),
        gettext_lazy("No touchpoints yet. Add the moments where customers meet you."),
    ),
    "personas": Section(
        Persona,
        PersonaForm,
        gettext_lazy("Personas"),
        gettext_lazy("Add persona"),
        gettext_lazy("No personas yet. Describe two or three typical customers."),
    ),
}


def _section_rows(request: OrgRequest, kind: str):
    rows = SECTIONS[kind].model.objects.filter(organization=request.organization)
    if kind == "touchpoints":
        return rows.select_related("stage", "channel", "owner__user")
    # Aggregating queries drop Meta.ordering, so the hand-made order is asked for again.
    if kind in {"stages", "channels"}:
        return rows.annotate(touchpoint_count=Count("touchpoints")).order_by("position", "pk")
    if kind == "personas":
        return rows.annotate(step_count=Count("steps")).order_by("position", "pk")
    return rows


def _list_url(request: OrgRequest, kind: str) -> str:
    return reverse("journeys:section_list", args=[request.organization.slug, kind])


@member_view()
def section_list(request: OrgRequest, kind: str) -> HttpResponse:
    context = {"kind": kind, "section": SECTIONS[kind], "rows": _section_rows(request, kind)}
    return render(request, "journeys/section_list.html", context)


def _form_page(
    request: OrgRequest, form_class, instance, *, title: str, cancel_url: str, success_url_for
) -> HttpResponse:
    """Show and save one row's form; `success_url_for(saved)` says where to go after."""
    old_scope = {f: getattr(instance, f) for f in instance.position_scope} if instance.pk else None
    form = form_class(request.POST or None, instance=instance, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        scope_changed = old_scope is not None and old_scope != {
            f: getattr(obj, f) for f in obj.position_scope
        }
        actions.save_positioned(obj, scope_changed=scope_changed)
        form.save_m2m()
        messages.success(request, _("“%(name)s” was saved.") % {"name": obj})
        return redirect(success_url_for(obj))
    return render(
        request,
        "journeys/form.html",
        {"form": form, "title": title, "cancel_url": cancel_url, "object": instance},
    )


@member_view("can_edit_journey")
def section_create(request: OrgRequest, kind: str) -> HttpResponse:
    section = SECTIONS[kind]
    instance = section.model(organization=request.organization)
    # Links from the journey map pre-fill the cell the user clicked.
    if kind == "touchpoints":
        for field in ("stage", "channel"):
            value = request.GET.get(field, "")
            if value.isdigit() and not request.POST:
                setattr(instance, f"{field}_id", int(value))
    list_url = _list_url(request, kind)
    return _form_page(
        request,
        section.form,
        instance,
        title=str(section.add_label),
        cancel_url=list_url,
        success_url_for=lambda obj: (
            request.GET.get("next") == "map"
            and reverse("journeys:map", args=[request.organization.slug])
            or list_url
        ),
    )


@member_view("can_edit_journey")
def section_edit(request: OrgRequest, kind: str, pk: int) -> HttpResponse:
    section = SECTIONS[kind]
    instance = org_object_or_404(request, section.model, pk=pk)
    list_url = _list_url(request, kind)
    return _form_page(
        request,
        section.form,
        instance,
        title=_("Edit “%(name)s”") % {"name": instance},
        cancel_url=list_url,
        success_url_for=lambda obj: list_url,
    )


def _delete_page(request: OrgRequest, obj, *, cancel_url: str, consequences: list[str]):
    blockers = actions.blockers_of_delete(obj)
    if request.method == "POST" and not blockers:
        name = str(obj)
        actions.delete_row(obj)
        messages.success(request, _("“%(name)s” was deleted.") % {"name": name})
        return redirect(cancel_url)
    return render(
        request,
        "journeys/confirm_delete.html",
        {
            "object": obj,
            "blockers": blockers,
            "consequences": consequences,
            "cancel_url": cancel_url,
        },
        status=409 if request.method == "POST" else 200,
    )


def _delete_consequences(obj) -> list[str]:
    if isinstance(obj, Touchpoint):
        steps = obj.persona_steps.count()
        if steps:
            return [
                ngettext(
                    "It is removed from %(count)d persona journey step.",
                    "It is removed from %(count)d persona journey steps.",
                    steps,
                )
                % {"count": steps}
            ]
    if isinstance(obj, Persona):
        steps = obj.steps.count()
        if steps:
            return [
                ngettext(
                    "Their journey of %(count)d step is deleted too.",
                    "Their journey of %(count)d steps is deleted too.",
                    steps,
                )
                % {"count": steps}
            ]
    return []


@member_view("can_edit_journey")
def section_delete(request: OrgRequest, kind: str, pk: int) -> HttpResponse:
    obj = org_object_or_404(request, SECTIONS[kind].model, pk=pk)
    return _delete_page(
        request, obj, cancel_url=_list_url(request, kind), consequences=_delete_consequences(obj)
    )


def _move_and_return(request: OrgRequest, obj, back_url: str) -> HttpResponse:
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if offset is None:
        messages.error(request, _("Choose whether to move up or down."))
    else:
        actions.move(obj, offset)
    return redirect(back_url)


@member_view("can_edit_journey")
@require_POST
def section_move(request: OrgRequest, kind: str, pk: int) -> HttpResponse:
    obj = org_object_or_404(request, SECTIONS[kind].model, pk=pk)
    return _move_and_return(request, obj, _list_url(request, kind))


# Persona journeys -----------------------------------------------------------------------


def _persona_url(request: OrgRequest, persona: Persona) -> str:
    return reverse("journeys:persona_detail", args=[request.organization.slug, persona.pk])


def _persona_steps(persona: Persona):
    return persona.steps.select_related("touchpoint__stage", "touchpoint__channel").order_by(
        "position", "pk"
    )


@member_view()
def persona_detail(request: OrgRequest, pk: int) -> HttpResponse:
    persona = org_object_or_404(request, Persona, pk=pk)
    context = {
        "persona": persona,
        "steps": _persona_steps(persona),
        "step_form": PersonaStepForm(organization=request.organization),
    }
    return render(request, "journeys/persona_detail.html", context)


@member_view("can_edit_journey")
def step_create(request: OrgRequest, persona_pk: int) -> HttpResponse:
    persona = org_object_or_404(request, Persona, pk=persona_pk)
    back = _persona_url(request, persona)
    return _form_page(
        request,
        PersonaStepForm,
        PersonaStep(organization=request.organization, persona=persona),
        title=_("Add a step to %(name)s’s journey") % {"name": persona},
        cancel_url=back,
        success_url_for=lambda obj: back,
    )


def _step(request: OrgRequest, persona_pk: int, pk: int) -> PersonaStep:
    return org_object_or_404(request, PersonaStep, pk=pk, persona_id=persona_pk)


@member_view("can_edit_journey")
def step_edit(request: OrgRequest, persona_pk: int, pk: int) -> HttpResponse:
    step = _step(request, persona_pk, pk)
    back = _persona_url(request, step.persona)
    return _form_page(
        request,
        PersonaStepForm,
        step,
        title=_("Edit step “%(name)s”") % {"name": step.touchpoint},
        cancel_url=back,
        success_url_for=lambda obj: back,
    )


@member_view("can_edit_journey")
def step_delete(request: OrgRequest, persona_pk: int, pk: int) -> HttpResponse:
    step = _step(request, persona_pk, pk)
    return _delete_page(
        request, step, cancel_url=_persona_url(request, step.persona), consequences=[]
    )


@member_view("can_edit_journey")
@require_POST
def step_move(request: OrgRequest, persona_pk: int, pk: int) -> HttpResponse:
    step = _step(request, persona_pk, pk)
    return _move_and_return(request, step, _persona_url(request, step.persona))


# The map, the blueprint, export and import ----------------------------------------------


def _journey(request: OrgRequest):
    stages = list(Stage.objects.filter(organization=request.organization))
    touchpoints = list(
        Touchpoint.objects.filter(organization=request.organization).select_related(
            "channel", "owner__user"
        )
    )
    return stages, touchpoints


def with_figures(
    organization, touchpoints: list[Touchpoint], days: int, segment: Segment | None = None
) -> None:
    """Give each touchpoint its figures of the last `days` days and its open cases (the live
    map), of every customer or of one segment's: from the rollups and one grouped count,
    never from the raw answers."""
    today = timezone.localdate()
    rows = rollups_of(
        organization, today - timedelta(days=days - 1), today + timedelta(days=1), segment=segment
    )
    figures = dict(sliced(rows, "touchpoint", organization.min_answers, counters=HEADLINE_COUNTERS))
    cases = Case.objects.filter(organization=organization, touchpoint__isnull=False)
    if segment is not None:
        cases = cases.filter(customer__segment_memberships__segment=segment)
    open_cases = dict(
        cases.exclude(status__in=[Case.Status.RESOLVED, Case.Status.CLOSED])
        .values_list("touchpoint")
        .annotate(n=Count("pk"))
    )
    empty = Figures({}, organization.min_answers)
    # What hurts a touchpoint, by its comments (of every customer: themes have no segment).
    worst = (
        worst_by_touchpoint(
            organization, today - timedelta(days=days - 1), today + timedelta(days=1)
        )
        if segment is None
        else {}
    )
    for touchpoint in touchpoints:
        touchpoint.figures = figures.get(touchpoint.pk, empty)
        touchpoint.open_cases = open_cases.get(touchpoint.pk, 0)
        touchpoint.worst_theme = worst.get(touchpoint.pk)


@member_view()
def journey_map(request: OrgRequest) -> HttpResponse:
    """Stages as columns; channels as rows, or the steps of one persona's journey."""
    stages, touchpoints = _journey(request)
    personas = list(Persona.objects.filter(organization=request.organization))
    persona = None
    persona_param = request.GET.get("persona", "")
    if persona_param:
        persona = org_object_or_404(request, Persona, pk=persona_param)
    days = days_asked(request, 90)
    segment = segment_asked(request)
    if persona is None:
        with_figures(request.organization, touchpoints, days, segment)
    context = {
        **picker_context(request, segment, keep=("days", "persona")),
        "stages": stages,
        "personas": personas,
        "persona": persona,
        "touchpoint_count": len(touchpoints),
        "days": days,
        "map_periods": PERIODS,
    }
    if persona is None:
        channels = Channel.objects.filter(organization=request.organization)
        rows = []
        for channel in channels:
            cells = [
                (
                    stage,
                    [
                        t
                        for t in touchpoints
                        if t.stage_id == stage.pk and t.channel_id == channel.pk
                    ],
                )
                for stage in stages
            ]
            rows.append((channel, cells))
        context["rows"] = rows
    else:
        steps = list(_persona_steps(persona))
        with_figures(request.organization, [step.touchpoint for step in steps], days, segment)
        numbered = list(enumerate(steps, start=1))
        context["persona_cells"] = [
            [(n, step) for n, step in numbered if step.touchpoint.stage_id == stage.pk]
            for stage in stages
        ]
        context["persona_steps"] = numbered
    return render(request, "journeys/map.html", context)


@member_view()
def blueprint(request: OrgRequest) -> HttpResponse:
    stages, touchpoints = _journey(request)
    columns = [(stage, [t for t in touchpoints if t.stage_id == stage.pk]) for stage in stages]
    ordered = [t for _stage, group in columns for t in group]
    return render(request, "journeys/blueprint.html", {"columns": columns, "touchpoints": ordered})


@member_view()
def journey_export(request: OrgRequest) -> HttpResponse:
    data = transfer.export_journey(request.organization)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    filename = f"polku-journey-{slugify(request.organization.slug)}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@member_view("can_edit_journey")
def journey_import(request: OrgRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                # Read one byte past the limit: enough to refuse a big file without
                # holding all of it in memory.
                upload = form.cleaned_data["file"]
                journey = transfer.parse_journey_file(upload.read(transfer.MAX_IMPORT_BYTES + 1))
            except transfer.ImportError_ as error:
                form.add_error("file", str(error))
            else:
                counts = transfer.replace_journey(request.organization, journey)
                messages.success(
                    request,
                    _(
                        "The journey was imported: %(stages)d stages, %(channels)d channels, "
                        "%(touchpoints)d touchpoints and %(personas)d personas."
                    )
                    % counts,
                )
                return redirect("journeys:map", org=request.organization.slug)
        status = 400
    return render(request, "journeys/import.html", {"form": form}, status=status)
