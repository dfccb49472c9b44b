"""Real threads on PostgreSQL: the audit row lock keeps the workflow consistent."""

from decimal import Decimal

import pytest

from django.db import connection

from assessments.models import Answer, Audit, AuditEvent
from assessments.services import audits as service
from assessments.services.frameworks import structure
from assessments.services.scoring import Given
from ido_platform.core.models import Role
from tests.services import missing
from tests.threads import run_together

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def submitted(audit, users):
    if connection.vendor != "postgresql":
        missing("Concurrency tests need PostgreSQL (DATABASE_URL=postgres://...).")
    given = {
        c.pk: Given(Decimal(1 if c.key != "uren" else 4))
        for t in structure(audit.version)
        for c in t.criteria_list
    }
    service.save_answers(audit, source=Answer.Source.AUDITOR, by=users[Role.AUDITOR], given=given)
    return service.submit(audit, by=users[Role.AUDITOR])


def test_two_reviewers_approving_at_once_approve_exactly_once(submitted, users):
    national = users[Role.NATIONAL]
    results, errors = run_together(
        *[lambda: service.approve(Audit.objects.get(pk=submitted.pk), by=national)] * 4,
        expected=(service.AuditStateError,),
    )
    assert errors == []

    approved = [r for r in results if isinstance(r, Audit)]
    refused = [r for r in results if isinstance(r, service.AuditStateError)]
    assert (len(approved), len(refused)) == (1, 3)
    assert AuditEvent.objects.filter(audit=submitted, kind="approved").count() == 1


def test_approve_and_send_back_at_once_leave_one_consistent_state(submitted, users):
    national = users[Role.NATIONAL]
    results, errors = run_together(
        lambda: service.approve(Audit.objects.get(pk=submitted.pk), by=national),
        lambda: service.send_back(Audit.objects.get(pk=submitted.pk), by=national, reason="Foto"),
        expected=(service.AuditStateError,),
    )
    assert errors == []

    assert sum(isinstance(r, Audit) for r in results) == 1
    audit = Audit.objects.get(pk=submitted.pk)
    events = set(AuditEvent.objects.filter(audit=audit).values_list("kind", flat=True))
    if audit.status == Audit.Status.APPROVED:
        assert "sent_back" not in events and audit.score is not None
    else:
        assert audit.status == Audit.Status.IN_PROGRESS and "approved" not in events
