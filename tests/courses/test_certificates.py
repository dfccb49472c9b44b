"""The bewijs van deelname as PDF: what it says (and does not say), and who may download it."""

import datetime
import zoneinfo

import pytest

from django.urls import reverse

from courses.runs.models import Attendance, Enrolment, Meeting
from courses.runs.services import certificates
from courses.runs.services import enrolment as service
from courses.runs.services.privacy import anonymise_run
from ido_platform.core.models import Role
from tests.courses.factories import CourseRunFactory, EnrolmentFactory
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def at(day, hour=10):
    return datetime.datetime(2026, 3, day, hour, tzinfo=AMSTERDAM)


@pytest.fixture
def finished_run(digisterker, location):
    """A Digisterker run with four weekly lessons in March 2026."""
    run = CourseRunFactory(course=digisterker, location=location, meetings=0)
    for day in (3, 10, 17, 24):
        Meeting.objects.create(run=run, starts_at=at(day), ends_at=at(day, 12))
    return run


@pytest.fixture
def anna(finished_run):
    return EnrolmentFactory(
        run=finished_run,
        name="Anna de Vries",
        phone="0612345678",
        email="anna@example.org",
        status=Enrolment.Status.COMPLETED,
    )


DONE_ELSEWHERE = "Afgerond buiten de bijeenkomsten om"


@pytest.fixture
def objects(digisterker, location, other_location):
    own_run = CourseRunFactory(course=digisterker, location=location)
    other_run = CourseRunFactory(course=digisterker, location=other_location)
    own = service.enrol(own_run, name="Anna", phone="0612345678").enrolment
    other = service.enrol(other_run, name="Bram", phone="0611111111").enrolment
    return {
        "own": service.complete(own, override_reason=DONE_ELSEWHERE),
        "other": service.complete(other, override_reason=DONE_ELSEWHERE),
        "not_completed": service.enrol(own_run, name="Carla", phone="0622222222").enrolment,
    }


def pdf_url(enrolment):
    return reverse("courses:coordinator_certificate_pdf", args=[enrolment.pk])


class TestTheParticipationPdf:
    def test_names_the_person_course_location_period_and_the_library_that_signs(self, anna):
        text = pdf_text(certificates.participation_pdf(anna))
        assert "Bewijs van deelname" in text
        assert "Anna de Vries" in text
        assert "Digisterker" in text
        assert f"bij Informatiepunt Eigen in {anna.run.location.town}" in text
        assert "van 3 maart 2026 tot en met 24 maart 2026" in text
        assert "Handtekening namens Bibliotheek Eigen" in text

    def test_lists_the_lessons_the_person_was_marked_present_at(self, anna, finished_run):
        meetings = list(finished_run.meetings.all())
        for meeting, present in zip(meetings, (True, True, False, True), strict=True):
            Attendance.objects.create(enrolment=anna, meeting=meeting, present=present)
        text = pdf_text(certificates.participation_pdf(anna))
        assert (
            "Aanwezig bij 3 van de 4 lessen: 3 maart 2026, 10 maart 2026 en 24 maart 2026" in text
        )

    def test_without_attendance_it_gives_only_the_period(self, anna):
        assert "Aanwezig bij" not in pdf_text(certificates.participation_pdf(anna))

    def test_a_course_of_one_meeting_gives_its_date(self, digisterker, location):
        run = CourseRunFactory(course=digisterker, location=location, meetings=0)
        Meeting.objects.create(run=run, starts_at=at(5), ends_at=at(5, 12))
        enrolment = EnrolmentFactory(run=run, status=Enrolment.Status.COMPLETED)
        text = pdf_text(certificates.participation_pdf(enrolment))
        assert "op 5 maart 2026" in text and "tot en met" not in text

    @pytest.mark.parametrize("name", ["Łukasz Wójcik-Żak", "Ayşe Yılmaz", "Ștefan Țurcanu"])
    def test_names_in_central_european_and_turkish_letters_come_out_whole(self, anna, name):
        anna.name = name
        assert name in pdf_text(certificates.participation_pdf(anna))

    def test_holds_no_personal_data_beyond_the_name(self, anna):
        text = pdf_text(certificates.participation_pdf(anna))
        for detail in ("0612345678", "anna@example.org", anna.run.teacher):
            assert detail not in text

    def test_is_only_for_someone_who_completed_the_course(self, anna):
        anna.status = Enrolment.Status.CONFIRMED
        with pytest.raises(certificates.NotCompleted):
            certificates.participation_pdf(anna)


def test_the_coordinator_downloads_the_pdf(client, users, objects):
    client.force_login(users[Role.COORDINATOR])
    response = client.get(pdf_url(objects["own"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Anna" in text and "Digisterker" in text


def test_a_coordinator_cannot_download_another_organisations_pdf(client, users, objects):
    client.force_login(users[Role.COORDINATOR])
    assert client.get(pdf_url(objects["other"])).status_code == 403


def test_the_national_role_downloads_any_organisations_pdf(client, users, objects):
    client.force_login(users[Role.NATIONAL])
    response = client.get(pdf_url(objects["other"]))
    assert response.status_code == 200 and "Bram" in pdf_text(response.content)


@pytest.mark.parametrize("role", [Role.MEDEWERKER, Role.AUDITOR, Role.EDITOR])
def test_other_roles_cannot_download_the_pdf(client, users, objects, role):
    client.force_login(users[role])
    assert client.get(pdf_url(objects["own"])).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client, objects):
    response = client.get(pdf_url(objects["own"]))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_no_pdf_before_the_course_is_completed(client, users, objects):
    client.force_login(users[Role.COORDINATOR])
    response = client.get(pdf_url(objects["not_completed"]))
    assert response.status_code == 400
    assert "pas als de cursus is afgerond" in response.content.decode()


def test_no_certificate_once_the_name_is_removed_after_the_retention_period(client, users, objects):
    own = objects["own"]
    anonymise_run(own.run)
    own.refresh_from_db()
    with pytest.raises(certificates.Anonymised):
        certificates.participation_pdf(own)
    client.force_login(users[Role.COORDINATOR])
    for url in (pdf_url(own), reverse("courses:coordinator_certificate", args=[own.pk])):
        response = client.get(url)
        assert response.status_code == 410
        assert "bewaartermijn voorbij" in response.content.decode()
    participants = client.get(reverse("courses:coordinator_run", args=[own.run.pk]))
    assert pdf_url(own) not in participants.content.decode()


def test_the_certificate_page_and_the_participant_list_link_to_the_pdf(client, users, objects):
    client.force_login(users[Role.COORDINATOR])
    own = objects["own"]
    page = client.get(reverse("courses:coordinator_certificate", args=[own.pk])).content.decode()
    participants = client.get(reverse("courses:coordinator_run", args=[own.run_id])).content
    for html in (page, participants.decode()):
        assert f'href="{pdf_url(own)}"' in html and "Download als PDF" in html
    assert pdf_url(objects["not_completed"]) not in participants.decode()
