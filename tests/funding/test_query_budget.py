"""The funder's round overview costs the same number of queries for 15 and for 750 library
organisations."""

from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding.models import Application
from ido_platform.core.models import LibraryOrganisation, Role
from tests.funding.factories import SubsidyRoundFactory

pytestmark = pytest.mark.django_db
# measured: 14 at both sizes (session, user, memberships, site, 4 aggregates...), including
# the per-request query of django-otp's OTPMiddleware, which loads the verified device
# (otp_static_staticdevice) named in the session.
BUDGET = 14


def round_with(count):
    subsidy_round = SubsidyRoundFactory()
    libraries = [
        LibraryOrganisation.objects.create(
            name=f"Bibliotheek Budget {count}-{n}", slug=f"budget-{count}-{n}", province="UT"
        )
        for n in range(count)
    ]
    Application.objects.bulk_create(
        Application(
            round=subsidy_round,
            organisation=library,
            status=Application.Status.GRANTED,
            formula_amount=Decimal(1000),
            granted_amount=Decimal(900),
            advance_amount=Decimal(720),
        )
        for library in libraries
    )
    return subsidy_round


@pytest.mark.parametrize("count", [15, 750])
def test_the_round_overview_stays_within_its_query_budget(client, users, count):
    subsidy_round = round_with(count)
    client.force_login(users[Role.NATIONAL])
    url = reverse("funding:round", args=[subsidy_round.pk])
    client.get(url)  # warm caches (site root, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("Bibliotheek Budget") == count
    assert len(queries) <= BUDGET, [q["sql"][:120] for q in queries]
