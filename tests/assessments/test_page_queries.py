"""Query budget of the auditor's scoring form: at most 12 queries, the same for a framework
of one theme with one criterion of each kind as for ten themes with three of each kind,
answered by both the location and the auditor."""

import datetime
import re
from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Answer, Criterion
from ido_platform.core.models import Role
from tests.assessments.factories import (
    AuditFactory,
    CaseCriterionFactory,
    DerivedCriterionFactory,
    FrameworkVersionFactory,
    NumberCriterionFactory,
    ScaleCriterionFactory,
    ThemeFactory,
    YesNoCriterionFactory,
)
from tests.courses.factories import course_index, course_page
from tests.learning import factories as learning_factories

pytestmark = pytest.mark.django_db


def TrainingCriterionFactory(**fields):  # noqa: N802 — used like the factories beside it
    """A derived criterion on the staff's basic training, which reads the learning path."""
    return DerivedCriterionFactory(
        metric_key="basic_training_share", threshold=Decimal("0.8"), **fields
    )


KINDS = (
    YesNoCriterionFactory,
    ScaleCriterionFactory,
    NumberCriterionFactory,
    CaseCriterionFactory,
    DerivedCriterionFactory,
    TrainingCriterionFactory,
)


def answered_audit(location, auditor, *, themes, per_kind):
    """An audit of a framework of ``themes`` themes with every kind of criterion
    (``per_kind`` of each), answered by the location and the auditor. A version is frozen
    once audited, so the framework comes first."""
    version = FrameworkVersionFactory()
    for number in range(themes):
        theme = ThemeFactory(version=version, key="herkenbaar" if number == 0 else f"t{number}")
        for kind in KINDS:
            for _ in range(per_kind):
                kind(theme=theme)
    audit = AuditFactory(
        location=location,
        version=version,
        auditors=[auditor],
        planned_for=datetime.date(2026, 11, 30),
    )
    Answer.objects.bulk_create(
        Answer(audit=audit, criterion=criterion, source=source, value=Decimal(1))
        for criterion in Criterion.objects.filter(theme__version=version)
        for source in (Answer.Source.SELF, Answer.Source.AUDITOR)
    )
    return audit


def count_queries(client, url):
    client.get(url)  # warm per-process caches (content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.fixture
def basic_training(site_pages):
    """A basic learning path of a module and a classroom course, as in the demo: the
    training criterion reads it."""
    index = learning_factories.catalogue(site_pages)
    module = learning_factories.module(index, lessons=1, questions=False)
    course = course_page(course_index(site_pages), title="Klassikaal", slug="klassikaal")
    return learning_factories.learning_path(index, [module, course])


def test_the_scoring_form_query_count_does_not_grow(client, users, location, basic_training):
    auditor = users[Role.AUDITOR]
    client.force_login(auditor)
    small_audit = answered_audit(location, auditor, themes=1, per_kind=1)
    url = reverse("assessments:score", args=[small_audit.pk, "herkenbaar"])
    small, html = count_queries(client, url)
    assert len(re.findall(r'name="c\d+-comment"', html)) >= 4  # the kinds people answer
    big = answered_audit(location, auditor, themes=10, per_kind=3)
    assert Criterion.objects.filter(theme__version=big.version).count() == 10 * 6 * 3
    large, html = count_queries(client, reverse("assessments:score", args=[big.pk, "herkenbaar"]))
    assert len(re.findall(r'name="c\d+-comment"', html)) >= 4 * 3
    assert large == small
    assert small <= 12
