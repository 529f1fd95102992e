"""Template filters of the comment pages."""

from __future__ import annotations

from django import template

register = template.Library()

BLOCKS = "▁▂▃▄▅▆▇█"


@register.filter
def spark(months: list[tuple]) -> str:
    """Counts per month as a line of small bars (the numbers go beside it, for screen
    readers and for reading off)."""
    counts = [count for _month, count, *_rest in months]
    top = max(counts, default=0)
    if not top:
        return ""
    return "".join(
        BLOCKS[min(len(BLOCKS) - 1, count * len(BLOCKS) // (top + 1))] if count else " "
        for count in counts
    )


@register.filter
def months_text(months: list[tuple]) -> str:
    """The months that had comments, as "Jan 3, Feb 5"."""
    from django.utils import formats

    return ", ".join(
        f"{formats.date_format(month, 'M')} {count}" for month, count, *_rest in months if count
    )
