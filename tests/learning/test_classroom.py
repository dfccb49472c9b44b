"""The classroom skills training through the course-run engine: staff sign up from the
learning path, and the path counts a completed enrolment."""

import pytest

from django.urls import reverse

from courses.learning.services import classroom, paths, progress
from courses.runs.models import CoursePage, Enrolment
from courses.runs.services import enrolment as enrolment_service
from ido_platform.core.models import Role
from tests.courses.factories import CourseRunFactory, course_index, course_page
from tests.learning import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def skills_course(site_pages):
    return course_page(
        course_index(site_pages),
        title="IDO-vaardigheidstraining",
        slug="vaardigheidstraining",
        audience=CoursePage.Audience.STAFF,
    )


@pytest.fixture
def session(skills_course, location):
    return CourseRunFactory(course=skills_course, location=location, seats=16, meetings=1)


@pytest.fixture
def basic_path(index, skills_course):
    module = factories.module(index, title="Doorvragen")
    return factories.learning_path(index, [module, skills_course])


def test_staff_sign_up_through_the_engine_and_the_sixteenth_seat_is_the_last(
    users, session, employee
):
    from tests.ido_platform.factories import MembershipFactory, UserFactory

    result = classroom.sign_up(employee, session)
    assert result.enrolment.user == employee
    assert result.enrolment.status == Enrolment.Status.CONFIRMED
    for number in range(15):
        colleague = UserFactory(username=f"collega{number}")
        MembershipFactory(user=colleague, organisation=session.location.organisation)
        classroom.sign_up(colleague, session)
    late = UserFactory(username="laat")
    assert classroom.sign_up(late, session).enrolment.status == Enrolment.Status.WAITLISTED
    assert session.seats_left() == 0


def test_a_citizens_course_cannot_be_used_for_staff_sign_up(site_pages, employee, location):
    citizens = course_page(course_index(site_pages), audience=CoursePage.Audience.CITIZENS)
    run = CourseRunFactory(course=citizens, location=location)
    with pytest.raises(classroom.EnrolmentError):
        classroom.sign_up(employee, run)


def test_the_path_counts_the_classroom_part_only_when_the_enrolment_is_completed(
    employee, basic_path, session
):
    module = basic_path.parts.first().module
    for lesson in module.lessons():
        progress.record_lesson_done(employee, lesson)
    import uuid

    from courses.learning.services import quizzes

    quizzes.grade_attempt(
        employee, module.quiz(), factories.answers(module.quiz()), token=uuid.uuid4()
    )
    enrolment = classroom.sign_up(employee, session).enrolment
    assert paths.path_status(employee, basic_path)[1] is False
    enrolment_service.complete(enrolment, override_reason="Afgerond buiten de bijeenkomsten om")
    assert paths.path_status(employee, basic_path)[1] is True


def test_the_path_page_lists_sessions_and_signs_up(client, employee, basic_path, session):
    client.force_login(employee)
    page = client.get(basic_path.url)
    html = page.content.decode()
    assert page.status_code == 200 and "IDO-vaardigheidstraining" in html
    assert "16 van 16" in html
    response = client.post(
        reverse("learning:classroom_sign_up", args=[session.pk]), {"next": basic_path.url}
    )
    assert response.status_code == 302 and response["Location"] == basic_path.url
    assert Enrolment.objects.get(run=session).user == employee
    again = client.get(basic_path.url).content.decode()
    assert "Je bent aangemeld voor" in again


def test_only_the_own_enrolment_can_be_cancelled(client, users, employee, session):
    enrolment = classroom.sign_up(employee, session).enrolment
    client.force_login(users[Role.COORDINATOR])
    response = client.post(reverse("learning:classroom_sign_off", args=[enrolment.pk]))
    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CONFIRMED
