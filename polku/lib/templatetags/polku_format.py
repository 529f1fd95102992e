"""Template filters for Polku's formats: `{{ amount|money }}`."""

from django import template

from polku.lib.money import format_money

register = template.Library()


@register.filter
def money(amount, currency: str = "EUR") -> str:
    return format_money(amount, currency)
