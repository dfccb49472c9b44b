"""A quiz submitted from several requests at once, on real threads: one token records one
attempt, and the attempt limit holds. On PostgreSQL the progress row lock serialises the
requests; on SQLite immediate transactions do."""

import uuid

import pytest

from django.db import connection

from courses.learning.models import QuizAttempt
from courses.learning.services import quizzes
from tests.learning import factories
from tests.services import require_postgresql
from tests.threads import run_together

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

THREADS = 8


def at_once(work):
    return run_together(
        *[lambda n=n: work(n) for n in range(THREADS)], expected=(quizzes.QuizInputError,)
    )


@pytest.fixture
def quiz(index):
    return factories.module(index, max_attempts=3).quiz()


def test_one_token_sent_eight_times_at_once_records_one_attempt(employee, quiz):
    token = uuid.uuid4()
    answers = factories.answers(quiz, right=False)
    results, errors = at_once(
        lambda _n: quizzes.grade_attempt(employee, quiz, answers, token=token)
    )
    assert errors == []
    assert QuizAttempt.objects.count() == 1
    assert {result.pk for result in results} == {QuizAttempt.objects.get().pk}


def submit_eight_different_forms(employee, quiz):
    answers = factories.answers(quiz, right=False)
    return at_once(lambda _n: quizzes.grade_attempt(employee, quiz, answers, token=uuid.uuid4()))


def test_eight_forms_at_once_never_exceed_the_attempt_limit(employee, quiz):
    results, errors = submit_eight_different_forms(employee, quiz)
    assert errors == []
    assert QuizAttempt.objects.count() == 3
    refused = [r for r in results if isinstance(r, quizzes.QuizInputError)]
    assert len(refused) == THREADS - 3
    assert all("alle pogingen" in r.errors[None] for r in refused)


@pytest.mark.postgres
def test_the_attempt_limit_holds_on_postgresql(employee, quiz):
    require_postgresql(connection)
    results, errors = submit_eight_different_forms(employee, quiz)
    assert errors == [] and QuizAttempt.objects.count() == 3
