"""Fixtures for the course tests: the finder page, two courses and a run with meetings."""

import pytest

from courses.runs.models import CoursePage
from tests.courses.factories import CourseRunFactory, course_index, course_page


@pytest.fixture
def finder_page(site_pages):
    return course_index(site_pages)


@pytest.fixture
def digisterker(finder_page):
    return course_page(
        finder_page,
        title="Digisterker",
        slug="digisterker",
        format_description="4 lessen van 2 uur",
        provider="Stichting Digisterker",
    )


@pytest.fixture
def klik_en_tik(finder_page):
    return course_page(
        finder_page,
        title="Klik & Tik",
        slug="klik-en-tik",
        summary="De eerste stappen op de computer: muis, toetsenbord, internet en e-mail.",
    )


@pytest.fixture
def staff_course(finder_page):
    return course_page(
        finder_page,
        title="Vaardigheidstraining",
        slug="vaardigheidstraining",
        audience=CoursePage.Audience.STAFF,
    )


@pytest.fixture
def run(digisterker, location):
    """A Digisterker run with 8 seats and four weekly meetings, the first in a week."""
    return CourseRunFactory(course=digisterker, location=location, seats=8)
