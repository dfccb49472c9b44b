"""The amount rules: the formula in whole euros (rounded down), minimum and maximum, and the
pro-rata division under the ceiling."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from funding.models import SubsidyRound
from funding.services import formula


def a_round(**fields):
    values = {
        "rate_per_inhabitant": Decimal("0.83"),
        "rate_per_target_inhabitant": None,
        "minimum_amount": None,
        "maximum_amount": None,
        "advance_percentage": 80,
    }
    values.update(fields)
    return SubsidyRound(**values)


def test_the_formula_is_rate_times_inhabitants_rounded_down_to_whole_euros():
    # 0.83 × 101_001 = 83_830.83 → 83_830, never 83_831.
    assert formula.formula_amount(a_round(), 101_001) == Decimal("83830")
    assert formula.formula_amount(a_round(rate_per_inhabitant=Decimal("0.08")), 12_345) == Decimal(
        "987"
    )


def test_the_target_group_part_is_added_before_rounding():
    subsidy_round = a_round(rate_per_target_inhabitant=Decimal("0.70"))
    # 0.83 × 1_001 + 0.70 × 301 = 830.83 + 210.70 = 1_041.53 → 1_041
    assert formula.formula_amount(subsidy_round, 1_001, 301) == Decimal("1041")


def test_minimum_and_maximum_per_library():
    subsidy_round = a_round(minimum_amount=Decimal(5000), maximum_amount=Decimal(100_000))
    assert formula.formula_amount(subsidy_round, 1_000) == Decimal(5000)
    assert formula.formula_amount(subsidy_round, 1_000_000) == Decimal(100_000)
    assert formula.formula_amount(subsidy_round, 50_000) == Decimal(41_500)


def test_amounts_are_decimal_never_float():
    amount = formula.formula_amount(a_round(), 10)
    assert isinstance(amount, Decimal)
    shares = formula.divide_pro_rata(Decimal(10), {1: Decimal(7), 2: Decimal(7)})
    assert all(isinstance(value, Decimal) for value in shares.values())


def test_under_the_ceiling_everyone_gets_the_formula_amount():
    amounts = {1: Decimal(100), 2: Decimal(250)}
    assert formula.divide_pro_rata(Decimal(350), amounts) == amounts


def test_pro_rata_rounding_never_passes_the_ceiling():
    # Three equal applications of 100 for a ceiling of 200: 66.67 each. Rounding half up
    # would give 67 × 3 = 201 > 200; the rule gives 66 each and leaves 2 euros unallocated,
    # because a euro for one of three equal applications would make them unequal.
    shares = formula.divide_pro_rata(
        Decimal(200), {1: Decimal(100), 2: Decimal(100), 3: Decimal(100)}
    )
    assert shares == {1: Decimal(66), 2: Decimal(66), 3: Decimal(66)}


def test_leftover_euros_go_to_the_largest_cut_off_first():
    # ceiling 100 over 30 + 30 + 41 = 101: exact 29.70, 29.70, 40.59 → floors 29, 29, 40 = 98.
    # Two euros left: the pair of 30s (cut off 0.70 each) gets one each; the 41 stays at 40.
    shares = formula.divide_pro_rata(Decimal(100), {1: Decimal(30), 2: Decimal(30), 3: Decimal(41)})
    assert shares == {1: Decimal(30), 2: Decimal(30), 3: Decimal(40)}
    assert sum(shares.values()) == 100


def test_the_advance_is_the_percentage_rounded_down():
    assert formula.advance_for(a_round(advance_percentage=80), Decimal(1001)) == Decimal(800)


@settings(max_examples=300, deadline=None)
@given(
    ceiling=st.integers(min_value=0, max_value=20_000_000),
    amounts=st.lists(st.integers(min_value=0, max_value=2_000_000), min_size=1, max_size=60),
)
def test_pro_rata_property_total_within_ceiling_no_more_than_formula_equal_inputs_equal(
    ceiling, amounts
):
    requested = {index: Decimal(amount) for index, amount in enumerate(amounts)}
    shares = formula.divide_pro_rata(Decimal(ceiling), requested)

    assert set(shares) == set(requested)
    assert sum(shares.values()) <= max(Decimal(ceiling), Decimal(0))
    for key, share in shares.items():
        assert Decimal(0) <= share <= requested[key]
        assert share == share.to_integral_value()
    by_amount = {}
    for key, amount in requested.items():
        by_amount.setdefault(amount, set()).add(shares[key])
    assert all(len(values) == 1 for values in by_amount.values())
    if sum(requested.values()) <= ceiling:
        assert shares == requested
    else:
        # Nothing is wasted beyond the rounding: fewer euros left than applications.
        assert ceiling - sum(shares.values()) < len(requested)


@pytest.mark.parametrize(
    ("rate", "text"),
    [(Decimal("0.0800"), "0,08"), (Decimal("0.0825"), "0,0825"), (Decimal("1"), "1,00")],
)
def test_the_formula_is_explained_in_dutch(rate, text):
    assert f"€ {text} per inwoner" in formula.explain(a_round(rate_per_inhabitant=rate))
