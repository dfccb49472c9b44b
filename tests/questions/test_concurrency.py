"""Real threads on PostgreSQL: a double click or a retry with the same registration id
counts once, and simultaneous registrations at one desk all land in the rollup."""

import uuid

import pytest

from django.db import connection

from ido_platform.core.models import Role
from questions.models import QuestionTally, Visit
from questions.services import registration, tallies
from tests.questions.factories import question
from tests.services import missing
from tests.threads import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        missing("Concurrency tests need PostgreSQL (DATABASE_URL=postgres://...).")


def _register(location, user, client_id, questions=1):
    def job():
        visit, created = registration.register_visit(
            location=location,
            channel="desk",
            questions=[question() for _ in range(questions)],
            client_id=client_id,
            by=type(user).objects.get(pk=user.pk),
        )
        return visit.pk, created

    return job


def test_eight_simultaneous_posts_with_one_id_count_once(postgres, users, location):
    client_id = uuid.uuid4()
    results, errors = run_together(
        *[_register(location, users[Role.MEDEWERKER], client_id, questions=2)] * 8
    )
    assert errors == []
    assert len({pk for pk, _created in results}) == 1
    assert sum(1 for _pk, created in results if created) == 1
    assert Visit.objects.count() == 1
    assert sum(QuestionTally.objects.values_list("count", flat=True)) == 2


def test_simultaneous_visits_in_the_same_rollup_cell_are_all_counted(postgres, users, location):
    results, errors = run_together(
        *[_register(location, users[Role.MEDEWERKER], uuid.uuid4()) for _ in range(10)]
    )
    assert errors == []
    assert all(created for _pk, created in results)
    assert QuestionTally.objects.get().count == 10
    assert tallies.tallied_counts() == tallies.raw_counts()
