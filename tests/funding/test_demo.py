"""The demo's first round (2020–2021), as the issue's must-show list asks: the seed
documents' libraries, granted at 8 cents per inhabitant, accounted for and settled."""

from decimal import Decimal

import pytest

from funding.demo import MUNICIPALITIES
from funding.models import SubsidyRound
from tests.demo_snapshot import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_settled_2020_2021_round_of_the_seed_libraries():
    load_demo()
    first = SubsidyRound.objects.get(slug="demo-regeling-2020-2021")
    assert (first.year_start, first.year_end, first.is_demo) == (2020, 2021, True)
    assert first.rate_per_inhabitant == Decimal("0.08")
    applications = list(first.applications.select_related("organisation"))
    assert applications
    assert {a.organisation.slug for a in applications} <= set(MUNICIPALITIES)
    assert {a.status for a in applications} == {"settled"}
    assert sum(a.granted_amount for a in applications) <= first.ceiling
    # One library spent less than granted and is settled lower, with the demo's reason.
    lower = [a.organisation.slug for a in applications if a.settled_amount < a.granted_amount]
    assert lower == ["rotterdam"]
