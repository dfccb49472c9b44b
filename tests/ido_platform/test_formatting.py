"""One way to write numbers: scores with one decimal and a Dutch comma, everywhere."""

from decimal import Decimal

import pytest

from django.template import Context, Template

from ido_platform.core import formatting


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("84.9"), "84,9"),
        (84.9000000000001, "84,9"),
        (Decimal("80"), "80,0"),
        (80, "80,0"),
        (Decimal("79.45"), "79,5"),
        (0, "0,0"),
        (None, "–"),
        ("", "–"),
    ],
)
def test_a_score_has_one_decimal_and_a_dutch_comma(value, text):
    assert formatting.score(value) == text


def test_a_change_carries_its_sign():
    assert formatting.signed_score(Decimal("2.5")) == "+2,5"
    assert formatting.signed_score(Decimal("-50")) == "-50,0"
    assert formatting.signed_score(None) == "–"


def test_other_decimals_keep_their_digits_with_a_comma():
    assert formatting.decimal(Decimal("3.50")) == "3,5"
    assert formatting.decimal(Decimal("4.0")) == "4"
    assert formatting.decimal(None) == ""


def test_the_template_filters_use_the_same_rule():
    template = Template("{% load ido_tags %}{{ a|score }} {{ b|score }} {{ c|signed_score }}")
    text = template.render(Context({"a": 84.90000000000001, "b": None, "c": Decimal("1")}))
    assert text == "84,9 – +1,0"
