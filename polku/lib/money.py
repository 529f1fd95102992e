"""Money formatting in the active language: 1 234,50 € in Finnish, €1,234.50 in English."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import get_language

CURRENCY_SYMBOLS = {"EUR": "€", "SEK": "kr", "USD": "$"}


def format_money(
    amount: Decimal | int | float | None, currency: str = "EUR", decimals: int = 2
) -> str:
    if amount is None:
        return ""
    value = Decimal(str(amount)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    lang = get_language() or "fi"
    number = numberformat.format(
        abs(value),
        get_format("DECIMAL_SEPARATOR", lang),
        decimal_pos=decimals,
        grouping=get_format("NUMBER_GROUPING", lang),
        thousand_sep=get_format("THOUSAND_SEPARATOR", lang),
        force_grouping=True,
    )
    sign = "−" if value < 0 else ""
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    if lang.startswith("en"):
        return f"{sign}{symbol}{number}"
    # Finnish and Swedish put the symbol after the number, with a no-break space.
    return f"{sign}{number}\xa0{symbol}"
