"""Template helpers for respondent pages."""

from django import template

register = template.Library()


@register.simple_tag
def values_of(question, name: str) -> list[str]:
    """What the respondent had chosen in field `name` (kept when the page comes back)."""
    return question.value(name)
