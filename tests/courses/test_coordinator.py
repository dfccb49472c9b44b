"""The coordinator's side: rules as a matrix, scoped lists, the admin viewsets, assisted
enrolment, waitlist actions, attendance, certificates, cancelling a run, figures."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from courses.runs.models import Attendance, CourseRun, Enrolment, EnrolmentEvent
from courses.runs.services import enrolment as service
from courses.runs.services import statistics
from ido_platform.core.models import Role
from ido_platform.core.permissions import scope
from tests.courses.factories import CourseRunFactory, EnrolmentFactory, local_time

pytestmark = pytest.mark.django_db

M, C, A, E, N = Role.MEDEWERKER, Role.COORDINATOR, Role.AUDITOR, Role.EDITOR, Role.NATIONAL

MATRIX = [
    ("courses.view_courserun", "own_run", {C, N}),
    ("courses.view_courserun", "other_run", {N}),
    ("courses.change_courserun", "own_run", {C, N}),
    ("courses.change_courserun", "other_run", {N}),
    ("courses.add_courserun", None, {C, N}),
    ("courses.delete_courserun", "own_run", {N}),
    ("courses.view_enrolment", "own_enrolment", {C, N}),
    ("courses.view_enrolment", "other_enrolment", {N}),
    ("courses.change_enrolment", "own_enrolment", {C, N}),
    ("courses.change_enrolment", "other_enrolment", {N}),
    ("courses.delete_enrolment", "own_enrolment", {N}),
]


@pytest.fixture
def objects(digisterker, location, other_location):
    # At 10:00 local time: the admin form round-trips meeting times as local wall-clock times,
    # and one taken from "now + a week" can land in the hour that occurs twice when summer
    # time ends, which the form rightly refuses as ambiguous.
    own_run = CourseRunFactory(
        course=digisterker, location=location, meetings__first=local_time(7, 10)
    )
    other_run = CourseRunFactory(course=digisterker, location=other_location)
    return {
        None: None,
        "own_run": own_run,
        "other_run": other_run,
        "own_enrolment": service.enrol(own_run, name="Anna", phone="0612345678").enrolment,
        "other_enrolment": service.enrol(other_run, name="Bram", phone="0611111111").enrolment,
    }


@pytest.mark.parametrize(("perm", "object_name", "allowed"), MATRIX)
@pytest.mark.parametrize("role", [M, C, A, E, N])
def test_permission_matrix(users, objects, perm, object_name, allowed, role):
    assert users[role].has_perm(perm, objects[object_name]) is (role in allowed)


@pytest.mark.parametrize("perm", sorted({perm for perm, _o, _a in MATRIX}))
def test_citizens_without_an_account_have_none_of_these(perm, objects):
    assert not AnonymousUser().has_perm(perm)


@pytest.mark.parametrize("role", [M, C, A, E, N])
def test_lists_are_scoped_to_the_own_organisation(users, objects, role):
    runs = set(scope(users[role], CourseRun.objects.all(), "view"))
    enrolments = set(scope(users[role], Enrolment.objects.all(), "view"))
    expected = {
        C: ({objects["own_run"]}, {objects["own_enrolment"]}),
        N: (
            {objects["own_run"], objects["other_run"]},
            {objects["own_enrolment"], objects["other_enrolment"]},
        ),
    }.get(role, (set(), set()))
    assert (runs, enrolments) == expected


def test_coordinator_pages_show_only_own_runs(client, users, objects):
    client.force_login(users[C])
    html = client.get(reverse("courses:coordinator_runs")).content.decode()
    assert reverse("courses:coordinator_run", args=[objects["own_run"].pk]) in html
    assert reverse("courses:coordinator_run", args=[objects["other_run"].pk]) not in html
    assert (
        client.get(reverse("courses:coordinator_run", args=[objects["other_run"].pk])).status_code
        == 403
    )
    action = reverse(
        "courses:coordinator_enrolment_action", args=[objects["other_enrolment"].pk, "afmelden"]
    )
    assert client.post(action).status_code == 403
    objects["other_enrolment"].refresh_from_db()
    assert objects["other_enrolment"].status == Enrolment.Status.CONFIRMED


@pytest.mark.parametrize("role", [M, A, E])
def test_other_roles_cannot_open_the_coordinator_pages(client, users, objects, role):
    client.force_login(users[role])
    assert client.get(reverse("courses:coordinator_runs")).status_code == 403
    assert (
        client.get(reverse("courses:coordinator_run", args=[objects["own_run"].pk])).status_code
        == 403
    )


def test_anonymous_visitors_are_sent_to_the_login(client, objects):
    response = client.get(reverse("courses:coordinator_runs"))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_participant_list_shows_seated_people_and_the_waitlist_in_order(client, users, objects):
    run = objects["own_run"]
    run.seats = 1
    run.save()
    service.enrol(run, name="Carla", phone="0622222222")
    service.enrol(run, name="Dirk", phone="0633333333")
    client.force_login(users[C])
    html = client.get(reverse("courses:coordinator_run", args=[run.pk])).content.decode()
    assert "Anna" in html
    assert html.index("Carla") < html.index("Dirk")
    assert "Bram" not in html


def contact_notes(html, name):
    """The note under a participant's contact details in the list ("geen e-mail: ...")."""
    row = html[html.index(f"<td>{name}") :]
    row = row[: row.index("</tr>")]
    return [note for note in ("geen e-mail: sms", "geen e-mail: bellen") if note in row]


def test_participant_list_says_who_gets_a_text_and_who_must_be_phoned(
    client, users, objects, settings
):
    run = objects["own_run"]  # Anna: 06 number, no e-mail
    service.enrol(run, name="Carla", phone="077-320 12 34")  # a landline
    service.enrol(run, name="Dirk", phone="0633333333", email="dirk@example.org")
    client.force_login(users[C])
    url = reverse("courses:coordinator_run", args=[run.pk])
    html = client.get(url).content.decode()
    assert contact_notes(html, "Anna") == ["geen e-mail: sms"]
    assert contact_notes(html, "Carla") == ["geen e-mail: bellen"]
    assert contact_notes(html, "Dirk") == []
    settings.SMS_BACKEND = None
    html = client.get(url).content.decode()
    assert contact_notes(html, "Anna") == ["geen e-mail: bellen"]


def test_assisted_enrolment_by_phone_uses_the_same_rules(client, users, objects):
    run = objects["own_run"]
    client.force_login(users[C])
    url = reverse("courses:coordinator_enrol", args=[run.pk])
    data = {
        "source": "phone",
        "name": "Els",
        "phone": "0644444444",
        "computer_comfort": "new",
        "device": "loan",
        "consent": "on",
    }
    assert client.post(url, data).status_code == 302
    els = run.enrolments.get(name="Els")
    assert (els.source, els.enrolled_by) == ("phone", users[C])
    client.post(url, {**data, "phone": "06-44 44 44 44"})
    assert run.enrolments.filter(name="Els").count() == 1
    bad = client.post(url, {**data, "phone": "", "email": ""})
    assert bad.status_code == 400
    assert (
        client.post(
            reverse("courses:coordinator_enrol", args=[objects["other_run"].pk]), data
        ).status_code
        == 403
    )


def test_promote_and_move_with_a_logged_reason(client, users, objects, digisterker, location):
    run = objects["own_run"]
    run.seats = 1
    run.save()
    waiting = service.enrol(run, name="Carla", phone="0622222222").enrolment
    later = CourseRunFactory(course=digisterker, location=location)
    client.force_login(users[C])
    response = client.post(
        reverse("courses:coordinator_move", args=[waiting.pk]),
        {"to_run": later.pk, "reason": "Kan alleen op donderdag."},
    )
    assert response.status_code == 302
    moved = later.enrolments.get(name="Carla")
    assert moved.status == Enrolment.Status.CONFIRMED
    event = EnrolmentEvent.objects.get(enrolment=waiting, kind=EnrolmentEvent.Kind.MOVED_OUT)
    assert (event.reason, event.by) == ("Kan alleen op donderdag.", users[C])
    # Moving into another library's run is refused.
    stranger = CourseRunFactory(course=digisterker, location=objects["other_run"].location)
    client.post(
        reverse("courses:coordinator_move", args=[moved.pk]),
        {"to_run": stranger.pk, "reason": "x"},
    )
    assert not stranger.enrolments.exists()


def test_attendance_completion_no_show_and_certificate(client, users, objects):
    run = objects["own_run"]
    anna = objects["own_enrolment"]
    bram = service.enrol(run, name="Bram", phone="0611111111").enrolment
    meeting = run.meetings.first()
    client.force_login(users[C])
    url = reverse("courses:coordinator_attendance", args=[meeting.pk])
    assert "Aanwezig" in client.get(url).content.decode()
    foreign = objects["other_enrolment"].pk
    client.post(
        url,
        {f"aanwezig-{anna.pk}": "ja", f"aanwezig-{bram.pk}": "nee", f"aanwezig-{foreign}": "ja"},
    )
    assert dict(Attendance.objects.values_list("enrolment__name", "present")) == {
        "Anna": True,
        "Bram": False,
    }
    action = "courses:coordinator_enrolment_action"
    # One meeting of four held and the run not started: only with a reason (item 5).
    client.post(reverse(action, args=[anna.pk, "afgerond"]), {"reason": "Rest thuis gedaan"})
    client.post(reverse(action, args=[bram.pk, "niet-gekomen"]))
    anna.refresh_from_db()
    bram.refresh_from_db()
    assert (anna.status, bram.status) == ("completed", "no_show")
    certificate = client.get(reverse("courses:coordinator_certificate", args=[anna.pk]))
    assert "Bewijs van deelname" in certificate.content.decode()
    assert "Anna" in certificate.content.decode()
    assert client.get(reverse("courses:coordinator_certificate", args=[bram.pk])).status_code == 400
    assert client.post(reverse(action, args=[anna.pk, "iets-anders"])).status_code == 400


def test_cancelling_a_run_from_the_participant_page_tells_everyone(
    client, users, objects, django_capture_on_commit_callbacks
):
    run = objects["own_run"]
    service.enrol(run, name="Carla", email="carla@example.org", notify=False)
    client.force_login(users[C])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("courses:coordinator_cancel_run", args=[run.pk]), {"reason": "Docent ziek."}
        )
    run.refresh_from_db()
    assert run.status == CourseRun.Status.CANCELLED
    assert not run.enrolments.filter(status__in=Enrolment.ACTIVE_STATUSES).exists()
    assert [m.to for m in mail.outbox] == [["carla@example.org"]]


def test_figures_per_library_course_and_month_with_exports(client, users, objects):
    run = objects["own_run"]
    service.complete(objects["own_enrolment"], override_reason="Buiten de groep afgerond")
    client.force_login(users[C])
    url = reverse("courses:coordinator_figures")
    html = client.get(url).content.decode()
    assert "Bibliotheek Eigen" in html and "Bibliotheek Ander" not in html
    month = timezone.localtime(run.first_meeting_at)  # the figures count months in local time
    # Each bar names its library, course and month (not "Digisterker 2026-12" alone).
    assert (
        f'<span class="bar-list__label">Bibliotheek Eigen: Digisterker, {month:%Y-%m}</span>'
        in html
    )
    assert 'style="width: 100%"' in html and "1 aanmelding<" in html and "<table" in html
    csv = client.get(url, {"formaat": "csv"}).content.decode("utf-8-sig")
    header, row = csv.splitlines()[:2]
    assert header.startswith("Bibliotheek;Cursus;Maand;Aanmeldingen")
    assert row.startswith(f"Bibliotheek Eigen;Digisterker;{month:%Y-%m};1;1;0;0;1")
    workbook = load_workbook(io.BytesIO(client.get(url, {"formaat": "xlsx"}).content))
    assert workbook.active["A2"].value == "Bibliotheek Eigen"


@pytest.mark.parametrize(
    ("first_meeting_utc", "month"),
    [
        # 00:30 on 1 December in the Netherlands (winter time, UTC+1)
        (datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC), "2026-12"),
        # 00:30 on 1 April (summer time, UTC+2)
        (datetime.datetime(2026, 3, 31, 22, 30, tzinfo=datetime.UTC), "2026-04"),
        # 00:30 on 1 January: a new year
        (datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC), "2027-01"),
    ],
)
def test_figures_count_a_run_in_its_dutch_month_not_its_utc_month(
    digisterker, location, first_meeting_utc, month
):
    run = CourseRunFactory(
        course=digisterker, location=location, meetings=1, meetings__first=first_meeting_utc
    )
    EnrolmentFactory(run=run)
    [row] = statistics.rows(Enrolment.objects.all())
    assert (row["month"], row["enrolments"]) == (month, 1)


@pytest.mark.parametrize(
    ("url", "own", "other"),
    [
        ("/admin/courses/courserun/", "own_run", "other_run"),
        ("/admin/courses/enrolment/", "own_enrolment", "other_enrolment"),
    ],
)
def test_admin_lists_are_scoped(client, users, objects, url, own, other):
    client.force_login(users[C])
    html = client.get(url).content.decode()
    assert f"{url}edit/{objects[own].pk}/" in html
    assert f"{url}edit/{objects[other].pk}/" not in html
    client.force_login(users[N])
    html = client.get(url).content.decode()
    assert f"{url}edit/{objects[other].pk}/" in html


def test_admin_export_of_enrolments(client, users, objects):
    client.force_login(users[C])
    response = client.get("/admin/courses/enrolment/", {"export": "csv"})
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "Anna" in body and "Bram" not in body


def test_enrolments_are_not_added_in_the_admin_but_through_the_rules(client, users):
    client.force_login(users[N])
    assert client.get("/admin/courses/enrolment/new/").status_code in (302, 403)


def test_admin_run_form_with_meetings_inline(client, users, objects):
    run = objects["own_run"]
    client.force_login(users[C])
    assert client.get(f"/admin/courses/courserun/edit/{run.pk}/").status_code == 200
    assert client.get(f"/admin/courses/courserun/edit/{objects['other_run'].pk}/").status_code in (
        302,
        403,
    )
    html = client.get("/admin/courses/courserun/new/").content.decode()
    assert "Informatiepunt Eigen" in html and "Informatiepunt Ander" not in html


def admin_run_data(run, **changes):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    meetings = [
        {
            "id": meeting.pk,
            "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
            "ends_at": timezone.localtime(meeting.ends_at).strftime("%Y-%m-%d %H:%M"),
            "topic": "",
            "ORDER": str(number),
        }
        for number, meeting in enumerate(run.meetings.all(), start=1)
    ]
    data = {
        "course": run.course_id,
        "location": run.location_id,
        "seats": run.seats,
        "teacher": run.teacher,
        "room": "",
        "notes": "",
        "status": run.status,
        "cancelled_reason": "",
        "meetings": inline_formset(meetings, initial=len(meetings)),
    }
    data.update(changes)
    return nested_form_data(data)


def test_more_seats_in_the_admin_fill_from_the_waitlist(client, users, objects):
    run = objects["own_run"]
    run.seats = 1
    run.save()
    waiting = service.enrol(run, name="Carla", phone="0622222222").enrolment
    client.force_login(users[C])
    response = client.post(f"/admin/courses/courserun/edit/{run.pk}/", admin_run_data(run, seats=2))
    assert response.status_code == 302, response.content.decode()[:3000]
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.CONFIRMED


def test_seats_cannot_drop_below_the_people_seated(client, users, objects):
    run = objects["own_run"]
    service.enrol(run, name="Carla", phone="0622222222")
    client.force_login(users[C])
    response = client.post(f"/admin/courses/courserun/edit/{run.pk}/", admin_run_data(run, seats=1))
    assert response.status_code == 400
    assert "Er zijn al 2 plaatsen bezet" in response.content.decode()
    run.refresh_from_db()
    assert run.seats == 8


def test_cancelling_in_the_admin_cancels_everyone_and_tells_them(
    client, users, objects, django_capture_on_commit_callbacks
):
    run = objects["own_run"]
    service.enrol(run, name="Carla", email="carla@example.org", notify=False)
    client.force_login(users[C])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/courses/courserun/edit/{run.pk}/",
            admin_run_data(run, status="cancelled", cancelled_reason="De bibliotheek is dicht."),
        )
    assert response.status_code == 302
    assert not run.enrolments.filter(status__in=Enrolment.ACTIVE_STATUSES).exists()
    assert [m.to for m in mail.outbox] == [["carla@example.org"]]
    assert "De bibliotheek is dicht." in mail.outbox[0].body


def test_a_new_run_with_meetings_in_the_admin(client, users, digisterker, location):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    client.force_login(users[C])
    data = nested_form_data(
        {
            "course": digisterker.pk,
            "location": location.pk,
            "seats": 8,
            "teacher": "Docent",
            "room": "",
            "notes": "",
            "status": "planned",
            "cancelled_reason": "",
            "meetings": inline_formset(
                [
                    {
                        "starts_at": "2031-03-04 10:00",
                        "ends_at": "2031-03-04 12:00",
                        "topic": "",
                        "ORDER": "1",
                    },
                    {
                        "starts_at": "2031-03-11 10:00",
                        "ends_at": "2031-03-11 12:00",
                        "topic": "",
                        "ORDER": "2",
                    },
                ]
            ),
        }
    )
    response = client.post("/admin/courses/courserun/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    run = CourseRun.objects.get(teacher="Docent")
    assert run.meetings.count() == 2
    assert (run.first_meeting_at.year, run.last_meeting_at.day) == (2031, 11)
