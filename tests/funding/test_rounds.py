"""Rounds are versioned data: a round an application has used is frozen; a copy makes next
year's round. Bad dates and negative rates are refused in Dutch."""

import datetime
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from funding.models import FrozenRoundError, SubsidyRound
from funding.services import applications as service
from funding.services.rounds import new_version
from ido_platform.core.models import Role
from tests.funding.factories import ApplicationFactory, SubsidyRoundFactory

pytestmark = pytest.mark.django_db


def test_a_round_with_only_drafts_can_still_change(subsidy_round):
    ApplicationFactory(round=subsidy_round)
    subsidy_round.ceiling = Decimal(5)
    subsidy_round.save()
    assert not subsidy_round.is_frozen


def test_a_round_with_a_submitted_application_is_frozen(subsidy_round, library, work_area, users):
    application = service.start(
        subsidy_round=subsidy_round, organisation=library, by=users[Role.COORDINATOR]
    )
    service.submit(application, by=users[Role.COORDINATOR])
    subsidy_round.refresh_from_db()
    assert subsidy_round.is_frozen
    subsidy_round.rate_per_inhabitant = Decimal("2")
    with pytest.raises(FrozenRoundError, match="al een aanvraag ingediend"):
        subsidy_round.save()
    with pytest.raises(ValidationError, match="al een aanvraag ingediend"):
        subsidy_round.full_clean()
    with pytest.raises(FrozenRoundError):
        subsidy_round.delete()
    assert SubsidyRound.objects.get(pk=subsidy_round.pk).rate_per_inhabitant == Decimal("0.83")


def test_a_copy_makes_next_year_with_every_date_moved_on(subsidy_round):
    subsidy_round.name = "Tijdelijke regeling 2026"
    subsidy_round.rate_per_target_inhabitant = Decimal("0.70")
    subsidy_round.target_group_label = "15-75 jaar, hoogstens vmbo"
    subsidy_round.save()

    copy = new_version(subsidy_round)

    assert copy.name == "Tijdelijke regeling 2027"
    assert copy.copied_from == subsidy_round
    assert (copy.year_start, copy.year_end, copy.population_year) == (2027, 2027, 2027)
    assert copy.opens_on == subsidy_round.opens_on.replace(year=subsidy_round.opens_on.year + 1)
    assert copy.period_end == datetime.date(2027, 12, 31)
    assert copy.rate_per_target_inhabitant == Decimal("0.70")
    assert copy.ceiling == subsidy_round.ceiling
    assert not copy.is_frozen


def test_a_copy_of_a_two_year_round_covers_the_next_two_years():
    subsidy_round = SubsidyRoundFactory(name="Regeling 2020–2021", year_start=2020, year_end=2021)
    copy = new_version(subsidy_round)
    assert (copy.name, copy.year_start, copy.year_end) == ("Regeling 2022–2023", 2022, 2023)
    again = new_version(subsidy_round)
    assert again.name == "Regeling 2022–2023 (2)" and again.slug != copy.slug


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"opens_on": datetime.date(2026, 5, 1), "closes_on": datetime.date(2026, 4, 1)},
            "closes_on",
            "De aanvraagperiode eindigt voordat ze begint.",
        ),
        (
            {"rate_per_inhabitant": Decimal("-0.01")},
            "rate_per_inhabitant",
            "Een bedrag per inwoner kan niet negatief zijn.",
        ),
        (
            {"minimum_amount": Decimal(10), "maximum_amount": Decimal(5)},
            "maximum_amount",
            "Het minimum is hoger dan het maximum.",
        ),
        (
            {"accountability_due": datetime.date(2026, 6, 1)},
            "accountability_due",
            "na het einde van de subsidieperiode",
        ),
    ],
)
def test_bad_round_input_is_refused_in_dutch(fields, field, message):
    subsidy_round = SubsidyRoundFactory.build(**fields)
    with pytest.raises(ValidationError) as caught:
        subsidy_round.full_clean()
    assert any(message in text for text in caught.value.message_dict[field])


def test_the_database_refuses_a_window_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        SubsidyRoundFactory(opens_on=datetime.date(2026, 5, 1), closes_on=datetime.date(2026, 4, 1))
