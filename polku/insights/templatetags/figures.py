"""Showing a figure: its value in the page's number format, its interval, or "too few"."""

from __future__ import annotations

from django import template
from django.utils import formats
from django.utils.translation import pgettext

from polku.insights.metrics import Figure

register = template.Library()

# Decimals and unit per kind of figure.
STYLE = {
    "nps": (0, ""),
    "csat": (0, " %"),
    "ces": (1, ""),
    "rating": (1, ""),
    "gap": (2, ""),
    "share": (0, " %"),
}
LABELS = {"nps": "NPS", "csat": "CSAT", "ces": "CES", "rating": "★", "gap": "Δ"}


def number(value: float, kind: str, signed: bool = False) -> str:
    decimals, unit = STYLE[kind]
    text = formats.number_format(round(value, decimals), decimals, use_l10n=True)
    if signed and value > 0:
        text = "+" + text
    return text.replace("-", "−") + unit


@register.filter
def figure_value(figure: Figure | None, kind: str) -> str:
    """The value alone ("82 %"), or "—" when there is no figure to show."""
    if figure is None or figure.shown is None:
        return "—"
    return number(figure.value, kind, signed=kind in ("nps", "gap"))


@register.filter
def figure_label(kind: str) -> str:
    return LABELS.get(kind, kind)


@register.filter
def change(difference: float | None, kind: str) -> str:
    """A difference: a change of a share is in percentage points, not per cent."""
    if difference is None:
        return ""
    if kind in ("csat", "share"):
        text = number(difference, "nps", signed=True)
        return text + " " + pgettext("percentage points", "pp")
    return number(difference, kind, signed=True)


@register.inclusion_tag("insights/_figure.html")
def show_figure(figure: Figure | None, kind: str):
    context = {"figure": figure, "kind": kind}
    if figure is not None and figure.shown is not None:
        context["value"] = figure_value(figure, kind)
        if figure.low is not None:
            context["low"] = number(figure.low, kind, signed=kind in ("nps", "gap"))
            context["high"] = number(figure.high, kind, signed=kind in ("nps", "gap"))
    return context


@register.inclusion_tag("insights/_compare_cell.html")
def compare_cell(table, row_key, column_key, kind: str):
    """One cell of the compare table: the chosen figure of that pair of slices, or of the
    answer count, with how many answers it rests on."""
    figures = table.cell(row_key, column_key)
    if figures is None:
        return {"empty": True}
    if kind == "responses":
        return {"answers": figures.responses}
    return show_figure(getattr(figures, kind), kind)


@register.filter
def pick(figures, kind: str):
    """One figure of a Figures by its kind: {{ figures|pick:"nps" }}."""
    return getattr(figures, kind)


@register.filter
def interval_change(figure: Figure | None, kind: str) -> str:
    """A difference's 95 % interval, in the units of `change`."""
    if figure is None or figure.low is None or figure.shown is None:
        return ""
    return f"{change(figure.low, kind)} … {change(figure.high, kind)}"
