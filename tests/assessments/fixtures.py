"""Fixtures for audits: a small framework of two themes and an audit assigned to the
``users`` fixture's auditor."""

import datetime

import pytest

from ido_platform.core.models import Role
from tests.assessments.factories import (
    AuditFactory,
    FrameworkVersionFactory,
    NumberCriterionFactory,
    ScaleCriterionFactory,
    ThemeFactory,
    YesNoCriterionFactory,
)


@pytest.fixture
def framework_version(db):
    version = FrameworkVersionFactory()
    spot = ThemeFactory(version=version, key="herkenbaar", title="Herkenbaar IDO", weight=1)
    YesNoCriterionFactory(theme=spot, key="logo", title="Het IDO-logo is zichtbaar")
    NumberCriterionFactory(theme=spot, key="uren", title="Uren spreekuur per week")
    people = ThemeFactory(version=version, key="mensen", title="Deskundige mensen", weight=1)
    ScaleCriterionFactory(theme=people, key="doorvragen", title="Medewerkers vragen door")
    YesNoCriterionFactory(
        theme=people,
        key="privacy",
        title="Geen BSN vastgelegd",
        is_knockout=True,
        allows_not_applicable=False,
    )
    return version


@pytest.fixture
def audit(framework_version, location, users):
    return AuditFactory(
        location=location,
        version=framework_version,
        auditors=[users[Role.AUDITOR]],
        planned_for=datetime.date(2026, 11, 30),
    )
