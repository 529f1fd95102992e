"""A whole journey (stages, channels, touchpoints, personas) as a JSON document.

Export writes every row with a short `key`; references between rows use those keys, so a
file can be read into any organization. Import validates the whole file first and then
replaces the organization's journey in one transaction: a bad file changes nothing.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Annotated, Literal

from django.db import transaction
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from polku.accounts.models import Membership, Organization

from .models import Channel, ChannelKind, Mood, Persona, PersonaStep, Stage, Touchpoint

FORMAT = "polku-journey"
VERSION = 1
MAX_IMPORT_BYTES = 2 * 1024 * 1024

Name = Annotated[str, Field(min_length=1, max_length=80)]
LongName = Annotated[str, Field(min_length=1, max_length=120)]
Key = Annotated[str, Field(min_length=1, max_length=40)]
Text = Annotated[str, Field(max_length=5000)]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class StageRow(_Row):
    key: Key
    name: Name
    description: Text = ""


class ChannelRow(_Row):
    key: Key
    name: Name
    kind: ChannelKind = ChannelKind.OTHER


class TouchpointRow(_Row):
    key: Key
    name: LongName
    stage: Key
    channel: Key
    owner_email: str = ""
    promise: Text = ""
    frontstage: Text = ""
    backstage: Text = ""
    support_processes: Text = ""
    is_critical: bool = False


class StepRow(_Row):
    touchpoint: Key
    mood: Mood = Mood.NEUTRAL
    note: Text = ""


class PersonaRow(_Row):
    key: Key
    name: Name
    age: Annotated[int, Field(ge=0, le=120)] | None = None
    home_town: Annotated[str, Field(max_length=80)] = ""
    work: Annotated[str, Field(max_length=120)] = ""
    family: Annotated[str, Field(max_length=120)] = ""
    need: Text = ""
    values: Text = ""
    why_us: Text = ""
    typical_purchase: Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=2)] | None = None
    preferred_channels: list[Key] = []
    steps: list[StepRow] = []


def _unique(rows: list, what: str, attr: str = "key") -> set[str]:
    seen: set[str] = set()
    for row in rows:
        value = getattr(row, attr)
        if value in seen:
            raise ValueError(f"duplicate {what} {attr} {value!r}")
        seen.add(value)
    return seen


class JourneyFile(_Row):
    format: Literal["polku-journey"]
    version: Literal[1]
    stages: Annotated[list[StageRow], Field(min_length=1, max_length=50)]
    channels: Annotated[list[ChannelRow], Field(min_length=1, max_length=50)]
    touchpoints: Annotated[list[TouchpointRow], Field(max_length=1000)] = []
    personas: Annotated[list[PersonaRow], Field(max_length=100)] = []

    @model_validator(mode="after")
    def references_resolve(self) -> JourneyFile:
        stages = _unique(self.stages, "stage")
        _unique(self.stages, "stage", "name")
        channels = _unique(self.channels, "channel")
        _unique(self.channels, "channel", "name")
        touchpoints = _unique(self.touchpoints, "touchpoint")
        _unique(self.personas, "persona")
        _unique(self.personas, "persona", "name")
        for i, row in enumerate(self.touchpoints):
            if row.stage not in stages:
                raise ValueError(f"touchpoints[{i}] names unknown stage {row.stage!r}")
            if row.channel not in channels:
                raise ValueError(f"touchpoints[{i}] names unknown channel {row.channel!r}")
        for i, persona in enumerate(self.personas):
            for key in persona.preferred_channels:
                if key not in channels:
                    raise ValueError(f"personas[{i}] names unknown channel {key!r}")
            for j, step in enumerate(persona.steps):
                if step.touchpoint not in touchpoints:
                    raise ValueError(
                        f"personas[{i}].steps[{j}] names unknown touchpoint {step.touchpoint!r}"
                    )
        return self


class ImportError_(Exception):
    """A journey file that cannot be imported; the message says what is wrong."""


def export_journey(organization: Organization) -> dict:
    stages = list(Stage.objects.filter(organization=organization))
    channels = list(Channel.objects.filter(organization=organization))
    touchpoints = list(
        Touchpoint.objects.filter(organization=organization).select_related("owner__user")
    )
    personas = list(
        Persona.objects.filter(organization=organization).prefetch_related(
            "preferred_channels", "steps"
        )
    )
    stage_key = {s.pk: f"s{i + 1}" for i, s in enumerate(stages)}
    channel_key = {c.pk: f"c{i + 1}" for i, c in enumerate(channels)}
    touchpoint_key = {t.pk: f"t{i + 1}" for i, t in enumerate(touchpoints)}
    return {
        "format": FORMAT,
        "version": VERSION,
        "organization": organization.name,
        "stages": [
            {"key": stage_key[s.pk], "name": s.name, "description": s.description} for s in stages
        ],
        "channels": [{"key": channel_key[c.pk], "name": c.name, "kind": c.kind} for c in channels],
        "touchpoints": [
            {
                "key": touchpoint_key[t.pk],
                "name": t.name,
                "stage": stage_key[t.stage_id],
                "channel": channel_key[t.channel_id],
                "owner_email": t.owner.user.email if t.owner else "",
                "promise": t.promise,
                "frontstage": t.frontstage,
                "backstage": t.backstage,
                "support_processes": t.support_processes,
                "is_critical": t.is_critical,
            }
            for t in touchpoints
        ],
        "personas": [
            {
                "key": f"p{i + 1}",
                "name": p.name,
                "age": p.age,
                "home_town": p.home_town,
                "work": p.work,
                "family": p.family,
                "need": p.need,
                "values": p.values,
                "why_us": p.why_us,
                "typical_purchase": (
                    str(p.typical_purchase) if p.typical_purchase is not None else None
                ),
                "preferred_channels": [
                    channel_key[c.pk]
                    for c in sorted(p.preferred_channels.all(), key=lambda c: c.position)
                ],
                "steps": [
                    {"touchpoint": touchpoint_key[s.touchpoint_id], "mood": s.mood, "note": s.note}
                    for s in sorted(p.steps.all(), key=lambda s: (s.position, s.pk))
                ],
            }
            for i, p in enumerate(personas)
        ],
    }


def _describe(error: dict) -> str:
    location = ".".join(str(part) for part in error["loc"]) or _("file")
    kind = error["type"]
    messages = {
        "missing": _("this field is missing"),
        "extra_forbidden": _("unknown field"),
        "string_too_long": _("the text is too long"),
        "string_too_short": _("this field must not be empty"),
        "too_short": _("the list must not be empty"),
        "too_long": _("the list is too long"),
        "literal_error": _("unexpected value"),
        "enum": _("unknown choice"),
    }
    if kind == "value_error":
        # Our own reference checks: their text names rows and keys, which are data.
        return _("reference error: %(detail)s") % {
            "detail": str(error["ctx"]["error"]) if "ctx" in error else error["msg"]
        }
    text = messages.get(kind) or (
        _("wrong type of value") if kind.endswith("_type") or "parsing" in kind else error["msg"]
    )
    return f"{location}: {text}"


def parse_journey_file(raw: bytes) -> JourneyFile:
    """Validate a journey file; raise ImportError_ with a readable reason."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportError_(_("The file is larger than 2 MB."))
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportError_(_("The file is not UTF-8 text.")) from None
    except json.JSONDecodeError as error:
        raise ImportError_(
            _("The file is not valid JSON (line %(line)d, column %(column)d).")
            % {"line": error.lineno, "column": error.colno}
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportError_(_("This is not a Polku journey file (“format” must be “%s”).") % FORMAT)
    data.pop("organization", None)
    try:
        return JourneyFile.model_validate(data)
    except ValidationError as error:
        problems = [_describe(e) for e in error.errors()[:5]]
        raise ImportError_(
            _("The journey file has errors: %(problems)s") % {"problems": "; ".join(problems)}
        ) from None


@transaction.atomic
def replace_journey(organization: Organization, journey: JourneyFile) -> dict[str, int]:
    """Replace the organization's whole journey with the one in `journey`."""
    PersonaStep.objects.filter(organization=organization).delete()
    Persona.objects.filter(organization=organization).delete()
    Touchpoint.objects.filter(organization=organization).delete()
    Stage.objects.filter(organization=organization).delete()
    Channel.objects.filter(organization=organization).delete()

    stages = {
        row.key: Stage.objects.create(
            organization=organization, name=row.name, description=row.description, position=i
        )
        for i, row in enumerate(journey.stages)
    }
    channels = {
        row.key: Channel.objects.create(
            organization=organization, name=row.name, kind=row.kind, position=i
        )
        for i, row in enumerate(journey.channels)
    }
    members = {
        m.user.email.lower(): m
        for m in Membership.objects.filter(organization=organization).select_related("user")
    }
    touchpoints = {}
    for i, row in enumerate(journey.touchpoints):
        touchpoints[row.key] = Touchpoint.objects.create(
            organization=organization,
            stage=stages[row.stage],
            channel=channels[row.channel],
            owner=members.get(row.owner_email.lower()),
            name=row.name,
            promise=row.promise,
            frontstage=row.frontstage,
            backstage=row.backstage,
            support_processes=row.support_processes,
            is_critical=row.is_critical,
            position=i,
        )
    for i, row in enumerate(journey.personas):
        persona = Persona.objects.create(
            organization=organization,
            position=i,
            **row.model_dump(exclude={"key", "preferred_channels", "steps"}),
        )
        persona.preferred_channels.set([channels[key] for key in row.preferred_channels])
        PersonaStep.objects.bulk_create(
            PersonaStep(
                organization=organization,
                persona=persona,
                touchpoint=touchpoints[step.touchpoint],
                mood=step.mood,
                note=step.note,
                position=j,
            )
            for j, step in enumerate(row.steps)
        )
    return {
        "stages": len(stages),
        "channels": len(channels),
        "touchpoints": len(touchpoints),
        "personas": len(journey.personas),
    }
