"""The accountability report the platform fills in: registered questions from the period
figure when an app provides it, "nog niet beschikbaar" when none does; opening hours and
trained staff from platform data; shortfalls said plainly."""

import datetime
from decimal import Decimal

import pytest

from django.utils import timezone

from assessments.models import Audit, Outcome
from courses.runs.models import Enrolment
from funding.services import applications as service
from funding.services import report
from ido_platform.core import metrics
from ido_platform.core.models import Role
from tests.assessments.factories import AuditFactory
from tests.courses.factories import CourseRunFactory, EnrolmentFactory, course_index, course_page
from tests.ido_platform.factories import OpeningHoursFactory, TopicFactory
from tests.questions.factories import question, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(subsidy_round, library, work_area, location, users):
    OpeningHoursFactory(location=location, opens=datetime.time(10), closes=datetime.time(12, 30))
    application = service.start(
        subsidy_round=subsidy_round, organisation=library, by=users[Role.COORDINATOR]
    )
    service.save_draft(
        application,
        by=users[Role.COORDINATOR],
        municipalities=work_area,
        hours={location: (Decimal("2.5"), Decimal(6))},
    )
    return application


@pytest.fixture
def period_registry():
    """The period figures as the installed apps registered them, restored after the test
    (the questions app registers ``questions_registered`` in its ``ready()``)."""
    saved = dict(metrics._period_registry)
    yield metrics._period_registry
    metrics._period_registry.clear()
    metrics._period_registry.update(saved)


@pytest.fixture
def without_question_registration(period_registry):
    period_registry.pop("questions_registered", None)


@pytest.fixture
def without_topic_breakdown():
    saved = dict(metrics._breakdown_registry)
    metrics._breakdown_registry.pop("questions_registered_by_topic", None)
    yield
    metrics._breakdown_registry.clear()
    metrics._breakdown_registry.update(saved)


@pytest.fixture
def questions_figure(period_registry):
    calls = []
    # Replace the questions app's figure with a fake that answers per quarter.
    period_registry.pop("questions_registered", None)

    def questions(location_ids, start, end):
        calls.append((start, end))
        # Questions in every quarter but the third.
        return {} if start.month == 7 else {location_ids[0]: 10 * start.month}

    metrics.register_period_figure("questions_registered", "Vraagregistratie (test)")(questions)
    return calls


def by_key(application):
    return {figure.key: figure for figure in report.figures(application)}


def test_without_question_registration_the_figure_is_not_yet_available(
    application, without_question_registration
):
    with pytest.raises(LookupError):
        metrics.get_period_figure("questions_registered")
    figure = by_key(application)["questions_registered"]
    assert figure.available is False
    assert figure.rows == [] and figure.shortfalls == []


def test_with_question_registration_the_report_shows_each_quarter(
    application, location, questions_figure
):
    figure = by_key(application)["questions_registered"]
    assert figure.available is True
    assert figure.source == "Vraagregistratie (test)"
    assert figure.columns == ["K1 2026", "K2 2026", "K3 2026", "K4 2026", "totaal"]
    assert figure.rows == [[location.name, "10", "40", "geen", "100", "150"]]
    assert questions_figure == [
        (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)),
        (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)),
        (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
    ]
    assert figure.shortfalls == [f"{location.name} heeft in K3 2026 geen vragen geregistreerd."]


def test_with_the_questions_app_the_report_counts_the_registered_questions(
    application, location, users
):
    first, second = (
        datetime.date(2026, 2, 10),
        datetime.date(2026, 11, 3),
    )
    by = users[Role.MEDEWERKER]
    for day, count in ((first, 2), (first, 1), (second, 3)):
        now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        register(location, by, questions=[question() for _n in range(count)], day=day, now=now)

    figure = by_key(application)["questions_registered"]
    assert figure.available is True
    assert figure.source == "Geregistreerde vragen"
    assert figure.rows == [[location.name, "3", "0", "0", "3", "6"]]


def test_opening_hours_come_from_the_published_hours_and_shortfalls_are_named(
    application, location
):
    figure = by_key(application)["opening_hours"]
    assert figure.rows == [[location.name, "6,0", "2,5"]]
    assert figure.shortfalls == [f"{location.name} is 2,5 uur per week open; gepland was 6,0 uur."]


def test_trained_staff_comes_from_the_basic_training_metric(application, location, users):
    figure = by_key(application)["basic_training_share"]
    assert figure.available is True
    # Two staff members at the location (medewerker, coordinator), neither trained.
    assert figure.rows == [[location.name, "0%"]]
    assert "niet iedereen een geldige basisopleiding" in figure.shortfalls[0]


def test_a_metric_no_app_provides_is_not_invented(application, location):
    with pytest.raises(LookupError):
        metrics.get("no_app_provides_this")
    figure = report._location_metric("no_app_provides_this", "Iets", [location])
    assert figure.available is False and figure.rows == [] and figure.shortfalls == []


@pytest.fixture
def without_audit_outcome():
    saved = dict(metrics._outcome_registry)
    metrics._outcome_registry.pop("latest_audit_outcome", None)
    yield
    metrics._outcome_registry.clear()
    metrics._outcome_registry.update(saved)


def test_without_the_audit_outcome_the_figure_is_not_yet_available(
    application, subsidy_round, without_audit_outcome
):
    subsidy_round.requires_audit = True
    figure = by_key(application)["latest_audit_outcome"]
    assert figure.available is False and figure.rows == [] and figure.shortfalls == []


def _audit(location, day, outcome, status=Audit.Status.APPROVED):
    return AuditFactory(location=location, planned_for=day, status=status, outcome=outcome)


def test_the_latest_audit_outcome_in_the_period_comes_from_the_audits(
    application, location, subsidy_round
):
    subsidy_round.requires_audit = True
    _audit(location, datetime.date(2026, 3, 2), Outcome.VOLDOET_NIET)
    _audit(location, datetime.date(2026, 10, 5), Outcome.VOLDOET)
    _audit(location, datetime.date(2027, 2, 1), Outcome.GEDEELTELIJK)  # after the period
    figure = by_key(application)["latest_audit_outcome"]
    assert figure.available is True
    assert figure.source == "Goedgekeurde audits van de kwaliteitstoetsing"
    assert figure.columns == ["uitkomst", "datum van de audit"]
    assert figure.rows == [[location.name, "Voldoet", "05-10-2026"]]
    assert figure.shortfalls == []


def test_a_round_requiring_an_audit_says_plainly_when_none_took_place(
    application, location, subsidy_round, client, users
):
    subsidy_round.requires_audit = True
    subsidy_round.save()
    # Outside the period, or not concluded: no audit in the period.
    _audit(location, datetime.date(2025, 12, 1), Outcome.VOLDOET)
    _audit(location, datetime.date(2026, 6, 1), "", status=Audit.Status.SUBMITTED)
    figure = by_key(application)["latest_audit_outcome"]
    assert figure.rows == [[location.name, "geen audit in de periode", "–"]]
    message = f"Bij {location.name} is in de subsidieperiode geen audit afgerond."
    assert figure.shortfalls == [message]

    type(application).objects.filter(pk=application.pk).update(status="granted")
    client.force_login(users[Role.COORDINATOR])
    html = client.get(f"/subsidie/aanvragen/{application.pk}/").content.decode()
    assert message in html


def test_a_round_without_the_audit_obligation_names_no_missing_audit(application, location):
    assert application.round.requires_audit is False
    figure = by_key(application)["latest_audit_outcome"]
    assert figure.rows == [[location.name, "geen audit in de periode", "–"]]
    assert figure.shortfalls == []


def _run(course, location, day, enrolments):
    first = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    run = CourseRunFactory(course=course, location=location, meetings__first=first)
    for status in enrolments:
        EnrolmentFactory(run=run, status=status)
    return run


def test_citizen_course_runs_and_participants_count_over_the_subsidy_period(
    application, location, site_pages
):
    course = course_page(course_index(site_pages))
    Status = Enrolment.Status
    _run(course, location, datetime.date(2026, 2, 2), [Status.CONFIRMED, Status.COMPLETED])
    _run(course, location, datetime.date(2026, 12, 31), [Status.COMPLETED, Status.NO_SHOW])
    # Before and after the period: not in the report, whatever today is.
    _run(course, location, datetime.date(2025, 12, 31), [Status.COMPLETED])
    _run(course, location, datetime.date(2027, 1, 4), [Status.CONFIRMED])
    figure = by_key(application)["citizen_courses"]
    assert figure.available is True
    assert figure.columns == ["cursusgroepen", "deelnemers"]
    assert figure.rows == [[location.name, "2", "3"]]
    assert "Deelnemers aan cursusgroepen voor inwoners" in figure.source


def test_without_the_course_figures_the_courses_are_not_yet_available(application, period_registry):
    period_registry.pop("citizen_course_participants", None)
    figure = by_key(application)["citizen_courses"]
    assert figure.available is False and figure.rows == []


def test_quarters_are_clipped_to_the_period():
    periods = report.quarters(datetime.date(2020, 2, 15), datetime.date(2020, 8, 1))
    assert [(first, last) for _label, first, last in periods] == [
        (datetime.date(2020, 2, 15), datetime.date(2020, 3, 31)),
        (datetime.date(2020, 4, 1), datetime.date(2020, 6, 30)),
        (datetime.date(2020, 7, 1), datetime.date(2020, 8, 1)),
    ]


def test_the_report_survives_a_round_trip_through_json(application, questions_figure):
    items = report.figures(application)
    assert report.from_json(report.as_json(items)) == items


def _register_on(location, by, day, topics):
    now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    register(location, by, questions=[question(topic=topic) for topic in topics], day=day, now=now)


def test_questions_per_quarter_and_topic_come_from_the_rollup(
    application, location, users, django_assert_max_num_queries
):
    digid, toeslagen = TopicFactory(name="DigiD"), TopicFactory(name="Toeslagen")
    by = users[Role.MEDEWERKER]
    _register_on(location, by, datetime.date(2026, 2, 10), [digid, digid, toeslagen])
    _register_on(location, by, datetime.date(2026, 5, 4), [toeslagen, None])
    _register_on(location, by, datetime.date(2026, 11, 3), [digid])

    # Two queries per quarter (rollup, topic names), whatever the number of rows.
    with django_assert_max_num_queries(8):
        figure = report._questions_by_topic(application, [location])
    assert figure.available is True
    assert "dagtellingen van de vraagregistratie" in figure.source
    assert figure.row_header == "Onderwerp"
    assert figure.columns == ["K1 2026", "K2 2026", "K3 2026", "K4 2026", "totaal"]
    assert figure.rows == [
        ["DigiD", "2", "0", "0", "1", "3"],
        ["Toeslagen", "1", "1", "0", "0", "2"],
        ["zonder onderwerp", "0", "1", "0", "0", "1"],
        ["alle onderwerpen", "3", "2", "0", "1", "6"],
    ]
    # The per-topic totals agree with the per-location figure of the same rollup.
    per_location = by_key(application)["questions_registered"]
    assert per_location.rows[0][1:] == figure.rows[-1][1:]
    assert figure.shortfalls == [
        "In K3 2026 zijn bij geen enkele locatie van deze aanvraag vragen geregistreerd."
    ]


def test_a_period_without_any_registration_says_so_for_every_quarter(application):
    figure = by_key(application)["questions_registered_by_topic"]
    assert figure.available is True
    assert figure.rows == []
    assert len(figure.shortfalls) == 4
    assert figure.shortfalls[0].startswith("In K1 2026 zijn bij geen enkele locatie")


def test_a_round_without_the_registration_obligation_names_no_shortfall(application, subsidy_round):
    subsidy_round.requires_question_registration = False
    figure = by_key(application)["questions_registered_by_topic"]
    assert figure.rows == [] and figure.shortfalls == []


def test_without_the_topic_breakdown_the_figure_is_not_yet_available(
    application, without_topic_breakdown
):
    figure = by_key(application)["questions_registered_by_topic"]
    assert figure.available is False and figure.rows == []


def test_the_application_page_shows_the_topic_table_and_the_plain_shortfall(
    application, client, users, location
):
    _register_on(
        location, users[Role.MEDEWERKER], datetime.date(2026, 2, 10), [TopicFactory(name="DigiD")]
    )
    # Granted (set directly: the workflow has its own tests); the report shows while granted.
    type(application).objects.filter(pk=application.pk).update(status="granted")
    client.force_login(users[Role.COORDINATOR])
    page = client.get(f"/subsidie/aanvragen/{application.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Geregistreerde vragen per kwartaal en onderwerp" in html
    assert '<th scope="col">Onderwerp</th>' in html
    assert "In K2 2026 zijn bij geen enkele locatie van deze aanvraag vragen geregistreerd." in html
