"""The application workflow at service level: one application per round, the window, four
eyes, pro rata under the ceiling at grant, logged corrections, accountability, settlement
with reclaim, and steps that never change."""

import datetime
from decimal import Decimal

import pytest

from django.core import mail  # noqa: F401 — messages go through the outbox
from django.utils import timezone

from funding.models import Application, ApplicationEvent, ImmutableRecordError, SubsidyRound
from funding.services import applications as service
from funding.services.applications import FundingError
from ido_platform.core.errors import ServiceRefusal
from ido_platform.core.models import Message, Role
from tests.funding.factories import WorkAreaFactory, municipality_with
from tests.ido_platform.factories import LibraryOrganisationFactory

pytestmark = pytest.mark.django_db
Status = Application.Status


def after_window(subsidy_round, days=1):
    return timezone.now().replace(
        year=subsidy_round.closes_on.year,
        month=subsidy_round.closes_on.month,
        day=subsidy_round.closes_on.day,
    ) + datetime.timedelta(days=days)


def submitted_for(subsidy_round, organisation, by, inhabitants=50_000):
    if not organisation.work_area.exists():
        WorkAreaFactory(organisation=organisation, municipality=municipality_with(inhabitants))
    application = service.start(subsidy_round=subsidy_round, organisation=organisation, by=by)
    return service.submit(application, by=by)


def assessed(application, by):
    return service.assess(
        application, by=by, advice="grant", reason="Compleet en volgens de regeling."
    )


def test_a_library_applies_and_the_amount_is_computed(
    subsidy_round, library, work_area, location, users
):
    coordinator = users[Role.COORDINATOR]
    application = service.start(subsidy_round=subsidy_round, organisation=library, by=coordinator)
    assert application.status == Status.DRAFT
    assert list(application.municipalities.all()) == work_area
    assert [line.location for line in application.locations.all()] == [location]
    assert application.formula_amount == Decimal(41_500)  # 0.83 × 50 000

    application = service.submit(application, by=coordinator)
    assert application.status == Status.SUBMITTED
    assert (application.inhabitants, application.formula_amount) == (50_000, Decimal(41_500))
    assert application.events.get().kind == ApplicationEvent.Kind.SUBMITTED


def test_a_second_application_for_the_same_round_is_refused(
    subsidy_round, library, work_area, users
):
    service.start(subsidy_round=subsidy_round, organisation=library, by=users[Role.COORDINATOR])
    with pytest.raises(FundingError, match="al een aanvraag voor deze regeling"):
        service.start(subsidy_round=subsidy_round, organisation=library, by=users[Role.COORDINATOR])
    assert Application.objects.count() == 1


def test_submitting_after_the_window_is_refused(subsidy_round, library, work_area, users):
    application = service.start(
        subsidy_round=subsidy_round, organisation=library, by=users[Role.COORDINATOR]
    )
    with pytest.raises(FundingError, match="De aanvraagperiode is gesloten op"):
        service.submit(application, by=users[Role.COORDINATOR], now=after_window(subsidy_round))
    application.refresh_from_db()
    assert application.status == Status.DRAFT and not application.events.exists()


def test_submitting_without_population_figures_names_the_municipalities(
    subsidy_round, library, users
):
    application = service.start(
        subsidy_round=subsidy_round, organisation=library, by=users[Role.COORDINATOR]
    )
    lonely = municipality_with(1000, name="Oudjaar", year=2019)
    application.municipalities.set([lonely])
    with pytest.raises(FundingError, match="nog geen inwonertallen voor 2026: Oudjaar"):
        service.submit(application, by=users[Role.COORDINATOR])


def test_planned_hours_over_168_a_week_are_refused_and_nothing_is_saved(
    subsidy_round, library, work_area, location, users
):
    application = service.start(
        subsidy_round=subsidy_round, organisation=library, by=users[Role.COORDINATOR]
    )
    with pytest.raises(FundingError, match="tussen 0 en 168"):
        service.save_draft(
            application,
            by=users[Role.COORDINATOR],
            municipalities=work_area,
            hours={location: (Decimal(10), Decimal(169))},
            plan="Veel meer uren",
        )
    application.refresh_from_db()
    assert application.plan == "" and application.locations.get().planned_hours == 0


def test_another_organisations_location_is_refused(
    subsidy_round, library, work_area, other_location, users
):
    application = service.start(
        subsidy_round=subsidy_round, organisation=library, by=users[Role.COORDINATOR]
    )
    with pytest.raises(FundingError, match="hoort niet bij uw organisatie"):
        service.save_draft(
            application,
            by=users[Role.COORDINATOR],
            municipalities=work_area,
            hours={other_location: (Decimal(1), Decimal(2))},
        )


def test_more_information_asked_and_answered(subsidy_round, library, work_area, users):
    coordinator, national = users[Role.COORDINATOR], users[Role.NATIONAL]
    application = submitted_for(subsidy_round, library, coordinator)
    service.request_information(application, by=national, question="Welke uren komen erbij?")
    application.refresh_from_db()
    assert application.status == Status.INFO_REQUESTED
    assert Message.objects.filter(
        kind="funding.info_requested", recipient=coordinator.email
    ).exists()
    with pytest.raises(FundingError, match="Schrijf uw antwoord"):
        service.answer(application, by=coordinator, text="  ")
    application = service.answer(application, by=coordinator, text="Dinsdagavond en zaterdag.")
    assert application.status == Status.SUBMITTED
    kinds = list(application.events.values_list("kind", flat=True))
    assert kinds == ["submitted", "info_requested", "answered"]


def test_four_eyes_the_assessor_cannot_decide(subsidy_round, library, work_area, users, approver):
    national = users[Role.NATIONAL]
    application = assessed(submitted_for(subsidy_round, library, users[Role.COORDINATOR]), national)
    with pytest.raises(FundingError, match="vier ogen"):
        service.decide(application, by=national, grant=True, now=after_window(subsidy_round))
    application.refresh_from_db()
    assert application.status == Status.ASSESSED and application.granted_amount is None

    application = service.decide(
        application, by=approver, grant=True, now=after_window(subsidy_round)
    )
    assert application.status == Status.GRANTED
    assert (application.granted_amount, application.advance_amount) == (
        Decimal(41_500),
        Decimal(33_200),
    )
    assert application.decided_by == approver and application.assessed_by == national
    assert Message.objects.filter(kind="funding.granted").count() == 1


def test_a_grant_waits_until_the_window_has_closed(
    subsidy_round, library, work_area, users, approver
):
    application = assessed(
        submitted_for(subsidy_round, library, users[Role.COORDINATOR]), users[Role.NATIONAL]
    )
    with pytest.raises(FundingError, match="na het sluiten van de aanvraagperiode"):
        service.decide(application, by=approver, grant=True)


def test_a_rejection_needs_a_reason(subsidy_round, library, work_area, users, approver):
    application = assessed(
        submitted_for(subsidy_round, library, users[Role.COORDINATOR]), users[Role.NATIONAL]
    )
    with pytest.raises(FundingError, match="waarom de aanvraag wordt afgewezen"):
        service.decide(application, by=approver, grant=False, reason="")
    application = service.decide(
        application, by=approver, grant=False, reason="Buiten de regeling."
    )
    assert application.status == Status.REJECTED and application.granted_amount is None


def test_grants_are_divided_pro_rata_when_applications_pass_the_ceiling(
    users, approver, national_org
):
    from tests.funding.factories import SubsidyRoundFactory

    subsidy_round = SubsidyRoundFactory(ceiling=Decimal(100_000), rate_per_inhabitant=Decimal(1))
    coordinator = users[Role.COORDINATOR]
    libraries = [LibraryOrganisationFactory() for _ in range(3)]
    applications = [
        submitted_for(subsidy_round, lib, coordinator, inhabitants=size)
        for lib, size in zip(libraries, (60_000, 60_000, 30_001), strict=True)
    ]
    later = after_window(subsidy_round)
    granted = [
        service.decide(assessed(a, users[Role.NATIONAL]), by=approver, grant=True, now=later)
        for a in applications
    ]
    amounts = [a.granted_amount for a in granted]
    # 150 001 requested for 100 000: 39 999.73… each for the equal pair, 20 000.53… for the
    # third. Rounded down that leaves 2 euros; the pair has the largest part cut off and fits.
    assert amounts == [Decimal(40_000), Decimal(40_000), Decimal(20_000)]
    assert sum(amounts) <= subsidy_round.ceiling
    assert amounts[0] == amounts[1]


def test_a_correction_is_logged_by_an_approver_within_formula_and_ceiling(
    subsidy_round, library, work_area, users, approver
):
    national = users[Role.NATIONAL]
    application = assessed(submitted_for(subsidy_round, library, users[Role.COORDINATOR]), national)
    application = service.decide(
        application, by=approver, grant=True, now=after_window(subsidy_round)
    )
    with pytest.raises(FundingError, match="vier ogen"):
        service.correct_grant(application, by=national, amount=40_000, reason="Typfout")
    with pytest.raises(FundingError, match="Meer dan het bedrag volgens de formule"):
        service.correct_grant(application, by=approver, amount=50_000, reason="Meer")
    with pytest.raises(FundingError, match="Schrijf waarom"):
        service.correct_grant(application, by=approver, amount=40_000, reason="")
    with pytest.raises(FundingError, match="hele euro"):
        service.correct_grant(application, by=approver, amount="40000.50", reason="Centen")

    application = service.correct_grant(
        application, by=approver, amount=40_000, reason="Eén locatie minder"
    )
    event = application.events.get(kind="corrected")
    assert (event.previous_amount, event.amount, event.reason) == (
        Decimal(41_500),
        Decimal(40_000),
        "Eén locatie minder",
    )


@pytest.fixture
def granted_application(subsidy_round, library, work_area, users, approver):
    application = assessed(
        submitted_for(subsidy_round, library, users[Role.COORDINATOR]), users[Role.NATIONAL]
    )
    return service.decide(application, by=approver, grant=True, now=after_window(subsidy_round))


@pytest.mark.parametrize(
    "role", [Role.COORDINATOR, Role.MEDEWERKER, Role.AUDITOR, Role.EDITOR, Role.PARTNER_ANALYST]
)
def test_only_the_approver_role_corrects_a_grant_whatever_the_caller(
    granted_application, users, role
):
    if role == Role.PARTNER_ANALYST:
        from tests.conftest import _member
        from tests.ido_platform.factories import ServiceProviderFactory

        by = _member(role, ServiceProviderFactory(), "analist")
    else:
        by = users[role]
    with pytest.raises(ServiceRefusal, match="Alleen de landelijke subsidieverlener") as refused:
        service.correct_grant(granted_application, by=by, amount=40_000, reason="Lager")
    assert refused.value.forbidden  # a refusal about who may do it: a 403 wherever it surfaces
    stored = Application.objects.get(pk=granted_application.pk)
    assert (stored.granted_amount, stored.advance_amount) == (Decimal(41_500), Decimal(33_200))
    assert not stored.events.filter(kind="corrected").exists()


def test_after_a_correction_the_advance_is_the_rounds_share_of_the_new_amount(
    granted_application, approver
):
    assert granted_application.advance_amount == Decimal(33_200)  # 80% of 41 500
    application = service.correct_grant(
        granted_application, by=approver, amount=20_000, reason="Twee locaties dicht"
    )
    assert (application.granted_amount, application.advance_amount) == (
        Decimal(20_000),
        Decimal(16_000),
    )
    assert application.advance_amount <= application.granted_amount
    change = application.events.get(kind="advance_corrected")
    assert (change.previous_amount, change.amount, change.by) == (
        Decimal(33_200),
        Decimal(16_000),
        approver,
    )
    assert "80% van het gecorrigeerde bedrag" in change.reason
    # The same amount again changes no advance: no second advance step.
    service.correct_grant(application, by=approver, amount=20_000, reason="Nogmaals")
    assert application.events.filter(kind="advance_corrected").count() == 1


def test_the_grant_letter_rest_is_never_negative(granted_application, approver):
    from funding.services import letters
    from tests.pdf import pdf_text

    application = service.correct_grant(
        granted_application, by=approver, amount=20_000, reason="Lager"
    )
    text = pdf_text(letters.grant_letter(application))
    assert "€ 20.000" in text and "Voorschot: € 16.000" in text
    assert "De rest, hoogstens € 4.000, na de vaststelling." in text
    # A stored advance above the grant (data from before this rule) still gives no negative rest.
    Application.objects.filter(pk=application.pk).update(advance_amount=Decimal(33_200))
    application.refresh_from_db()
    text = pdf_text(letters.grant_letter(application))
    assert "De rest, hoogstens € 0, na de vaststelling." in text and "€ -" not in text


def test_a_correction_cannot_pass_the_ceiling(users, approver):
    from tests.funding.factories import SubsidyRoundFactory

    subsidy_round = SubsidyRoundFactory(ceiling=Decimal(50_000), rate_per_inhabitant=Decimal(1))
    later = after_window(subsidy_round)
    submitted = [
        submitted_for(subsidy_round, LibraryOrganisationFactory(), users[Role.COORDINATOR], size)
        for size in (40_000, 20_000)
    ]
    granted = [
        service.decide(assessed(a, users[Role.NATIONAL]), by=approver, grant=True, now=later)
        for a in submitted
    ]
    # 60 000 for 50 000: 33 333.33 and 16 666.67; the leftover euro goes to the second.
    assert [a.granted_amount for a in granted] == [Decimal(33_333), Decimal(16_667)]
    with pytest.raises(FundingError, match="boven het subsidieplafond; er is nog € 33.333"):
        service.correct_grant(granted[0], by=approver, amount=34_000, reason="Hoger")
    assert Application.objects.get(pk=granted[0].pk).granted_amount == Decimal(33_333)


def test_accountability_and_settlement_with_reclaim(
    subsidy_round, library, work_area, location, users, approver
):
    coordinator, national = users[Role.COORDINATOR], users[Role.NATIONAL]
    application = assessed(submitted_for(subsidy_round, library, coordinator), national)
    application = service.decide(
        application, by=approver, grant=True, now=after_window(subsidy_round)
    )

    during = timezone.now().replace(year=2026, month=12, day=1)
    with pytest.raises(FundingError, match="na het einde van de subsidieperiode"):
        service.submit_accountability(application, by=coordinator, explanation="", now=during)
    after = timezone.now().replace(year=2027, month=1, day=15)
    application = service.submit_accountability(
        application,
        by=coordinator,
        explanation="Minder uren door verbouwing.",
        spent_amount=30_000,
        now=after,
    )
    assert application.status == Status.ACCOUNTED
    assert {figure["key"] for figure in application.accountability.figures} >= {
        "questions_registered",
        "opening_hours",
        "basic_training_share",
    }
    with pytest.raises(FundingError, match="niet hoger zijn dan het verleende"):
        service.settle(application, by=national, amount=50_000)
    with pytest.raises(FundingError, match="waarom er minder"):
        service.settle(application, by=national, amount=30_000)

    application = service.settle(
        application, by=national, amount=30_000, reason="Verbouwing", now=after
    )
    # Advance 33 200, settled 30 000: 3 200 is reclaimed, nothing more is paid.
    assert (application.settled_amount, application.reclaim_amount) == (
        Decimal(30_000),
        Decimal(3_200),
    )
    assert application.remainder_amount == 0
    assert application.status == Status.SETTLED


def test_steps_never_change_once_recorded(subsidy_round, library, work_area, users):
    application = submitted_for(subsidy_round, library, users[Role.COORDINATOR])
    event = application.events.get()
    event.reason = "achteraf"
    with pytest.raises(ImmutableRecordError):
        event.save()
    with pytest.raises(ImmutableRecordError):
        event.delete()


def test_a_step_in_the_wrong_state_is_refused(subsidy_round, library, work_area, users, approver):
    application = submitted_for(subsidy_round, library, users[Role.COORDINATOR])
    with pytest.raises(FundingError, match="status 'Ingediend'"):
        service.decide(application, by=approver, grant=True, now=after_window(subsidy_round))
    with pytest.raises(FundingError, match="status"):
        service.submit(application, by=users[Role.COORDINATOR])
    assert SubsidyRound.objects.get(pk=subsidy_round.pk).is_frozen


def test_a_reminder_before_the_accountability_deadline_goes_out_once(
    subsidy_round, library, work_area, users, approver
):
    from funding.services.reminders import send_accountability_reminders

    application = assessed(
        submitted_for(subsidy_round, library, users[Role.COORDINATOR]), users[Role.NATIONAL]
    )
    service.decide(application, by=approver, grant=True, now=after_window(subsidy_round))
    due = subsidy_round.accountability_due
    assert send_accountability_reminders(today=due - datetime.timedelta(days=30)) == 0
    assert send_accountability_reminders(today=due - datetime.timedelta(days=10)) == 1
    assert send_accountability_reminders(today=due - datetime.timedelta(days=9)) == 0
    reminders = Message.objects.filter(kind="funding.accountability_reminder")
    assert [m.recipient for m in reminders] == [users[Role.COORDINATOR].email]
