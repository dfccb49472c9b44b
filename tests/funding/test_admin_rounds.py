"""A round in the Wagtail admin: bad input (a window that ends before it starts, a negative
rate) comes back as the form with a Dutch message and status 400, nothing saved."""

import pytest

from django.urls import reverse

from funding.models import SubsidyRound
from ido_platform.core.models import Role

pytestmark = pytest.mark.django_db


def round_data(**changes):
    data = {
        "name": "Regeling 2031",
        "slug": "regeling-2031",
        "year_start": "2031",
        "year_end": "2031",
        "is_demo": "",
        "purpose": "Langer open en meer opgeleide medewerkers.",
        "ceiling": "500000",
        "opens_on": "2031-01-01",
        "closes_on": "2031-02-01",
        "period_start": "2031-01-01",
        "period_end": "2031-12-31",
        "accountability_due": "2032-03-01",
        "advance_percentage": "80",
        "population_year": "2031",
        "rate_per_inhabitant": "0.83",
        "target_group_label": "",
        "rate_per_target_inhabitant": "",
        "minimum_amount": "",
        "maximum_amount": "",
        "requires_question_registration": "on",
        "requires_basic_training": "on",
        "other_obligations": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def funder(client, users):
    client.force_login(users[Role.NATIONAL])
    return client


def test_a_valid_round_is_saved(funder):
    response = funder.post(reverse("subsidie-regelingen:add"), round_data())
    assert response.status_code == 302
    assert SubsidyRound.objects.filter(slug="regeling-2031").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"opens_on": "2031-03-01", "closes_on": "2031-02-01"},
            "De aanvraagperiode eindigt voordat ze begint.",
        ),
        ({"rate_per_inhabitant": "-0.01"}, "Een bedrag per inwoner kan niet negatief zijn."),
    ],
)
def test_bad_input_on_create_is_a_dutch_400_and_nothing_is_saved(funder, changes, message):
    response = funder.post(reverse("subsidie-regelingen:add"), round_data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SubsidyRound.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"opens_on": "2031-03-01", "closes_on": "2031-02-01"},
            "De aanvraagperiode eindigt voordat ze begint.",
        ),
        ({"rate_per_inhabitant": "-1"}, "Een bedrag per inwoner kan niet negatief zijn."),
    ],
)
def test_bad_input_on_edit_is_a_dutch_400_and_nothing_changes(
    funder, subsidy_round, changes, message
):
    url = reverse("subsidie-regelingen:edit", args=[subsidy_round.pk])
    data = round_data(name=subsidy_round.name, slug=subsidy_round.slug, **changes)
    response = funder.post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    stored = SubsidyRound.objects.get(pk=subsidy_round.pk)
    assert (stored.opens_on, stored.rate_per_inhabitant) == (
        subsidy_round.opens_on,
        subsidy_round.rate_per_inhabitant,
    )
