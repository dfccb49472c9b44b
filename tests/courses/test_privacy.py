"""Personal data of a run is anonymised a configurable number of months after its last
meeting; the statistics survive; staff training records keep their link to the person."""

from datetime import timedelta

import pytest
import time_machine

from django.utils import timezone

from courses.runs.models import Enrolment
from courses.runs.services import enrolment as service
from courses.runs.services import privacy, statistics
from courses.runs.tasks import anonymise_finished_runs
from ido_platform.core.models import Message
from tests.courses.factories import CourseRunFactory
from tests.ido_platform.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_run(digisterker, location):
    run = CourseRunFactory(
        course=digisterker,
        location=location,
        seats=1,
        meetings=2,
        meetings__starts_in=timedelta(days=1),
    )
    anna = service.enrol(
        run,
        name="Anna de Vries",
        phone="0612345678",
        email="anna@example.org",
        intake=service.Intake(computer_comfort="bit", device="loan", referred_by="UWV Venlo"),
    ).enrolment
    service.enrol(run, name="Bram", phone="0611111111")
    service.complete(anna, override_reason="Afgerond buiten de bijeenkomsten om")
    return run


def test_personal_data_is_kept_until_the_retention_period_ends(finished_run, settings):
    settings.COURSES_RETENTION_MONTHS = 6
    with time_machine.travel(finished_run.last_meeting_at + timedelta(days=150)):
        assert anonymise_finished_runs() == 0
    assert finished_run.enrolments.filter(name="Anna de Vries").exists()


def test_after_the_period_names_and_contact_details_are_gone_but_figures_stay(
    finished_run, settings
):
    settings.COURSES_RETENTION_MONTHS = 6
    before = statistics.figures(Enrolment.objects.all())
    Message.objects.update(status=Message.Status.SENT)
    assert Message.objects.filter(recipient="anna@example.org").exists()
    assert Message.objects.filter(recipient="0611111111", channel="sms").exists()  # Bram's text
    with time_machine.travel(finished_run.last_meeting_at + timedelta(days=190)):
        assert anonymise_finished_runs() == 2
    for enrolment in finished_run.enrolments.all():
        assert (enrolment.name, enrolment.phone, enrolment.email) == ("", "", "")
        assert (enrolment.phone_normalised, enrolment.email_normalised) == ("", "")
        assert enrolment.referred_by == ""
        assert enrolment.anonymised_at is not None
    assert not Message.objects.filter(recipient="anna@example.org").exists()
    assert not Message.objects.filter(recipient="0611111111").exists()
    assert not Message.objects.filter(body__contains="Anna").exists()
    anna = finished_run.enrolments.get(arrival=1)
    assert (anna.status, anna.computer_comfort, anna.device) == ("completed", "bit", "loan")
    assert statistics.figures(Enrolment.objects.all()) == before
    finished_run.refresh_from_db()
    assert finished_run.anonymised_at is not None
    with time_machine.travel(finished_run.last_meeting_at + timedelta(days=400)):
        assert anonymise_finished_runs() == 0  # once is enough


def test_the_period_is_a_setting(finished_run, settings):
    settings.COURSES_RETENTION_MONTHS = 1
    with time_machine.travel(finished_run.last_meeting_at + timedelta(days=40)):
        assert anonymise_finished_runs() == 2


def test_staff_training_runs_keep_their_participants(staff_course, location, settings):
    settings.COURSES_RETENTION_MONTHS = 1
    training = CourseRunFactory(
        course=staff_course, location=location, meetings=1, meetings__starts_in=timedelta(days=1)
    )
    member = UserFactory()
    service.enrol(training, user=member)
    with time_machine.travel(timezone.now() + timedelta(days=100)):
        assert privacy.anonymise_finished_runs() == 0
    assert training.enrolments.get().user == member


def test_the_privacy_statement_and_the_form_state_the_period(client, site_pages, settings):
    from courses.runs import demo

    settings.COURSES_RETENTION_MONTHS = 9
    demo.load()
    html = client.get("/privacyverklaring/").content.decode()
    assert "tot 9 maanden na de laatste les" in html
