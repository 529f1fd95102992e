"""Any slice of the figures, or any two crossed: per touchpoint, stage, channel, survey,
person, persona, segment, week, month or quarter — e.g. each touchpoint by channel, or each
segment by month. Read from the rollups only, like every other figure page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Model
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from polku.accounts.models import Membership
from polku.journeys.models import Channel, Persona, Stage, Touchpoint
from polku.surveys.models import Survey

from .metrics import PERIODS, Figures, figures_of, rollups_of, sliced
from .models import Segment

DIMENSIONS = {
    "touchpoint": gettext_lazy("Touchpoint"),
    "stage": gettext_lazy("Stage"),
    "channel": gettext_lazy("Channel"),
    "survey": gettext_lazy("Survey"),
    "employee": gettext_lazy("Person who served"),
    "persona": gettext_lazy("Persona's journey"),
    "segment": gettext_lazy("Customer segment"),
    "week": gettext_lazy("Week"),
    "month": gettext_lazy("Month"),
    "quarter": gettext_lazy("Quarter"),
}
MODELS: dict[str, type[Model]] = {
    "touchpoint": Touchpoint,
    "stage": Stage,
    "channel": Channel,
    "survey": Survey,
    "employee": Membership,
    "persona": Persona,
    "segment": Segment,
}


def _cells(organization, by: str, then: str | None, start, end, segment) -> dict[tuple, Figures]:
    """(value of `by`, value of `then`) → figures; (value of `by`,) without `then`."""
    min_count = organization.min_answers
    dimensions = [d for d in (by, then) if d]
    every_segment = "segment" in dimensions  # then each segment's own rows, not one's
    scope = {"every_segment": every_segment, "segment": None if every_segment else segment}
    if "persona" not in dimensions:
        return {
            key if then else (key,): figures
            for key, figures in sliced(
                rollups_of(organization, start, end, **scope), by, min_count, then
            )
        }
    # A persona's figures are those of the touchpoints on its journey: one set of rows each.
    other = then if by == "persona" else by
    cells: dict[tuple, Figures] = {}
    for persona in Persona.objects.filter(organization=organization):
        rows = rollups_of(organization, start, end, persona=persona, **scope)
        if other is None:
            cells[(persona.pk,)] = figures_of(rows, min_count)
            continue
        for key, figures in sliced(rows, other, min_count):
            cells[(persona.pk, key) if by == "persona" else (key, persona.pk)] = figures
    return cells


def _label(dimension: str, key, names: dict) -> str:
    if key is None:
        return _("not recorded")
    if dimension == "week":
        year, week, _day = key.isocalendar()
        return _("week %(week)d/%(year)d") % {"week": week, "year": year}
    if dimension == "month":
        return formats.date_format(key, "YEAR_MONTH_FORMAT")
    if dimension == "quarter":
        return _("Q%(quarter)d %(year)d") % {"quarter": (key.month - 1) // 3 + 1, "year": key.year}
    return names.get(key, "?")


def _names(dimension: str, organization, keys: set) -> tuple[dict, list]:
    """Each key's name, and the keys in the order people expect (map order, time order)."""
    if dimension in PERIODS:
        return {}, sorted(keys, key=lambda k: (k is not None, k or date.min))
    found = MODELS[dimension].objects.filter(organization=organization, pk__in=keys)
    if dimension == "employee":
        found = found.select_related("user").order_by("user__display_name", "pk")
        names = {m.pk: m.user.display_name or m.user.email for m in found}
    else:
        names = {obj.pk: str(obj) for obj in found}
    order = list(names)
    if None in keys:
        order.append(None)
    return names, order


@dataclass(frozen=True)
class Table:
    by: str
    then: str | None
    rows: list[tuple[object, str]]  # (key, label)
    columns: list[tuple[object, str]]  # [] with one dimension
    cells: dict[tuple, Figures]

    def cell(self, row_key, column_key=None) -> Figures | None:
        return self.cells.get((row_key, column_key) if self.then else (row_key,))


def compare(organization, by: str, then: str | None, start, end, segment=None) -> Table:
    cells = _cells(organization, by, then, start, end, segment)
    row_names, row_order = _names(by, organization, {key[0] for key in cells})
    rows = [(key, _label(by, key, row_names)) for key in row_order]
    columns = []
    if then:
        column_names, column_order = _names(then, organization, {key[1] for key in cells})
        columns = [(key, _label(then, key, column_names)) for key in column_order]
    return Table(by, then, rows, columns, cells)
