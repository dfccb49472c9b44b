"""Real threads on PostgreSQL: decisions under a ceiling lock the round, so simultaneous
grants never pass it and one application is granted once."""

import datetime
from decimal import Decimal

import pytest

from django.db import connection
from django.utils import timezone

from funding.models import Application, ApplicationEvent
from funding.services import applications as service
from ido_platform.core.models import Role
from tests.funding.factories import SubsidyRoundFactory, WorkAreaFactory, municipality_with
from tests.ido_platform.factories import LibraryOrganisationFactory
from tests.services import missing
from tests.threads import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def assessed_applications(users):
    if connection.vendor != "postgresql":
        missing("Concurrency tests need PostgreSQL (DATABASE_URL=postgres://...).")
    subsidy_round = SubsidyRoundFactory(ceiling=Decimal(100_000), rate_per_inhabitant=Decimal(1))
    result = []
    for size in (30_001, 30_001, 30_001, 20_000, 19_999, 7):
        library = LibraryOrganisationFactory()
        WorkAreaFactory(organisation=library, municipality=municipality_with(size))
        application = service.start(
            subsidy_round=subsidy_round, organisation=library, by=users[Role.COORDINATOR]
        )
        service.submit(application, by=users[Role.COORDINATOR])
        result.append(
            service.assess(application, by=users[Role.NATIONAL], advice="grant", reason="Goed")
        )
    return subsidy_round, result


def test_simultaneous_grants_stay_under_the_ceiling_and_grant_each_once(
    assessed_applications, approver
):
    subsidy_round, applications = assessed_applications
    later = timezone.now() + datetime.timedelta(days=30)
    jobs = [
        (
            lambda pk=a.pk: service.decide(
                Application.objects.get(pk=pk), by=approver, grant=True, now=later
            )
        )
        for a in applications
        for _copy in range(2)  # every application decided twice at the same moment
    ]
    results, errors = run_together(*jobs, expected=(service.FundingError,))
    assert errors == []
    granted = [r for r in results if isinstance(r, Application)]
    assert len(granted) == len(applications)
    assert ApplicationEvent.objects.filter(kind="granted").count() == len(applications)
    total = sum(Application.objects.values_list("granted_amount", flat=True))
    assert total <= subsidy_round.ceiling
    amounts = sorted(Application.objects.values_list("formula_amount", "granted_amount"))
    equal = [granted for formula_amount, granted in amounts if formula_amount == 30_001]
    assert len(set(equal)) == 1
