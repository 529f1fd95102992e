from decimal import Decimal

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from polku.lib.money import format_money


def test_finnish_format_uses_space_groups_and_comma():
    with translation.override("fi"):
        assert format_money(Decimal("1234.5")) == "1\xa0234,50\xa0€"


def test_english_format_puts_symbol_first():
    with translation.override("en"):
        assert format_money(Decimal("1234.5")) == "€1,234.50"


def test_negative_amount_and_rounding():
    with translation.override("fi"):
        assert format_money(Decimal("-0.005")) == "−0,01\xa0€"
    assert format_money(None) == ""


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2))
def test_finnish_format_round_trips(amount):
    with translation.override("fi"):
        text = format_money(amount)
    digits = text.replace("\xa0€", "").replace("\xa0", "").replace(",", ".").replace("−", "-")
    assert Decimal(digits) == amount
