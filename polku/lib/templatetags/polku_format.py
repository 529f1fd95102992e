"""Template filters for Polku's formats: `{{ amount|money }}`."""

from django import template

from polku.lib.money import format_money

register = template.Library()


@register.filter
def money(amount, currency: str = "EUR") -> str:
    return format_money(amount, currency)


@register.filter
def duration_text(value) -> str:
    """A time span as people say it: "45 min", "3 h 20 min", "2 d 4 h"."""
    from django.utils.translation import gettext as _

    minutes = int(value.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)d min") % {"minutes": minutes}


@register.filter
def label(code, labels: dict) -> str:
    """A stored code as people read it: `{{ event.kind|label:kinds }}`."""
    return labels.get(code, code)
