"""Fixtures for funding: a round, a library with a work area and a second national user
(four eyes)."""

import pytest

from ido_platform.core.models import Role
from tests.conftest import _member
from tests.funding.factories import SubsidyRoundFactory, WorkAreaFactory, municipality_with


@pytest.fixture
def subsidy_round(db):
    return SubsidyRoundFactory()


@pytest.fixture
def work_area(library):
    municipality = municipality_with(50_000, name="Eigenstad", code="GM0001", target=10_000)
    WorkAreaFactory(organisation=library, municipality=municipality)
    return [municipality]


@pytest.fixture
def approver(national_org):
    """A second person with the national role: the one who decides after an assessment."""
    return _member(Role.NATIONAL, national_org, "landelijk2")
