"""Fixtures for the training tests: a catalogue with modules under the demo home page."""

import pytest

from tests.learning import factories


@pytest.fixture
def index(site_pages):
    return factories.catalogue(site_pages)


@pytest.fixture
def module(index):
    return factories.module(index, title="CJIB en boetes", lessons=2)


@pytest.fixture
def employee(users):
    from ido_platform.core.models import Role

    return users[Role.MEDEWERKER]
