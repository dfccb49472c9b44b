"""Admin deletes and edits of runs and enrolments go through the enrolment service
(issue 14, item 2)."""

import pytest

from courses.runs.models import CourseRun, Enrolment, EnrolmentEvent
from courses.runs.services import enrolment as service
from ido_platform.core.models import Role
from tests.courses.factories import CourseRunFactory, citizen

pytestmark = pytest.mark.django_db


def test_admin_delete_of_an_enrolment_gives_the_seat_to_the_waitlist(
    client, users, digisterker, location
):
    run = CourseRunFactory(course=digisterker, location=location, seats=1)
    seated = citizen(run, 1).enrolment
    waiting = citizen(run, 2).enrolment
    assert waiting.status == Enrolment.Status.WAITLISTED
    run.refresh_from_db()
    assert run.status == CourseRun.Status.FULL
    client.force_login(users[Role.NATIONAL])

    url = f"/admin/courses/enrolment/delete/{seated.pk}/"
    response = client.post(url)

    assert response.status_code == 302
    seated.refresh_from_db()
    waiting.refresh_from_db()
    run.refresh_from_db()
    assert seated.status == Enrolment.Status.CANCELLED
    assert seated.name == "" and seated.phone == "" and seated.anonymised_at is not None
    assert waiting.status == Enrolment.Status.CONFIRMED
    assert run.status == CourseRun.Status.FULL  # the promoted person holds the one seat
    assert EnrolmentEvent.objects.filter(
        enrolment=seated, kind=EnrolmentEvent.Kind.REMOVED
    ).exists()
    assert run.seats_left() == 0


def test_admin_delete_of_a_run_with_people_is_refused_in_dutch(client, users, run):
    citizen(run, 1)
    client.force_login(users[Role.NATIONAL])
    response = client.post(f"/admin/courses/courserun/delete/{run.pk}/", follow=True)
    assert response.status_code == 200
    assert "Verwijderen kan niet" in response.content.decode()
    assert CourseRun.objects.filter(pk=run.pk).exists()


def test_admin_delete_of_an_empty_run_deletes_it(client, users, run):
    client.force_login(users[Role.NATIONAL])
    response = client.post(f"/admin/courses/courserun/delete/{run.pk}/")
    assert response.status_code == 302
    assert not CourseRun.objects.filter(pk=run.pk).exists()


def test_cancelled_run_status_cannot_be_reopened_in_the_admin(client, users, run):
    service.cancel_run(run, by=users[Role.NATIONAL], reason="Docent ziek")
    client.force_login(users[Role.NATIONAL])
    html = client.get(f"/admin/courses/courserun/edit/{run.pk}/").content.decode()
    assert 'name="status"' in html and "disabled" in html.split('name="status"')[1][:200]


def test_lowering_seats_to_the_people_seated_marks_the_run_full(run):
    citizen(run, 1)
    citizen(run, 2)
    CourseRun.objects.filter(pk=run.pk).update(seats=2)
    service.seats_changed(run)
    run.refresh_from_db()
    assert run.status == CourseRun.Status.FULL
