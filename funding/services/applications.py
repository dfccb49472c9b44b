"""The application workflow, one transaction per step, each locking the application's row:

    draft → submitted → (info_requested ↔ answered → submitted) → assessed → granted / rejected
          → accounted (verantwoording) → settled (vastgesteld, with reclaim)

* One application per library organisation per round.
* Submitting only inside the application window, with population figures for every
  municipality; the formula amount is computed then (``funding.services.formula``).
* Four eyes: the person who assessed an application cannot decide on it, nor correct it.
* A grant is decided after the window has closed, so every grant of the round is divided
  over the same applications: it locks the round's row and never lets the granted total pass
  the ceiling (pro rata, ``formula.divide_pro_rata``).
* A granted amount changes only through ``correct_grant``: logged, with a reason, by a
  national approver, never above the formula amount or the ceiling. The advance follows the
  corrected amount (see ``correct_grant``), so it never exceeds the grant.
* Every step is an ``ApplicationEvent`` (who, when, why) that never changes.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.models import (
    Accountability,
    Application,
    ApplicationEvent,
    ApplicationLocation,
    SubsidyRound,
)
from funding.models.applications import HOURS_IN_A_WEEK
from funding.services import formula, report
from funding.services.report import weekly_hours
from ido_platform.core import outbox
from ido_platform.core.errors import ServiceRefusal
from ido_platform.core.models import Location, Role
from ido_platform.core.permissions import is_national

Status = Application.Status
Kind = ApplicationEvent.Kind

# Applications that compete for the ceiling.
IN_THE_RUNNING = (
    Status.SUBMITTED,
    Status.INFO_REQUESTED,
    Status.ASSESSED,
    Status.GRANTED,
    Status.ACCOUNTED,
    Status.SETTLED,
)
HOLDING_A_GRANT = (Status.GRANTED, Status.ACCOUNTED, Status.SETTLED)
EDITABLE = (Status.DRAFT, Status.INFO_REQUESTED)


class FundingError(ServiceRefusal):
    """A step that the rules refuse; the message is Dutch and says why."""


def _now(now):
    return now or timezone.now()


def _locked(application):
    return (
        Application.objects.select_for_update()
        .select_related("round", "organisation")
        .get(pk=application.pk)
    )


def _record(application, kind, by, now, reason="", amount=None, previous_amount=None):
    return ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        by=by,
        at=now,
        reason=reason,
        amount=amount,
        previous_amount=previous_amount,
    )


def _require_status(application, *allowed):
    if application.status not in allowed:
        raise FundingError(
            _("Dit kan niet nu de aanvraag de status '%(status)s' heeft.")
            % {"status": application.get_status_display()}
        )


def _require_reason(reason, message):
    reason = (reason or "").strip()
    if not reason:
        raise FundingError(message)
    return reason


def coordinators_of(organisation):
    return (
        get_user_model()
        .objects.filter(
            memberships__organisation_id=organisation.pk,
            memberships__role=Role.COORDINATOR,
            is_active=True,
        )
        .distinct()
    )


def _tell_library(application, subject, body, kind):
    for user in coordinators_of(application.organisation):
        if user.email:
            outbox.queue_message(recipient=user.email, subject=subject, body=body, kind=kind)


def _whole_euros(amount, what):
    try:
        amount = Decimal(amount)
    except (TypeError, ArithmeticError, ValueError):
        raise FundingError(_("%(what)s is geen bedrag.") % {"what": what}) from None
    if not amount.is_finite() or amount < 0 or amount != amount.to_integral_value():
        raise FundingError(
            _("%(what)s moet een bedrag in hele euro's zijn, niet negatief.") % {"what": what}
        )
    return amount.quantize(formula.EURO)


# --- the library's steps ---------------------------------------------------------------


def start(*, subsidy_round, organisation, by, now=None):
    """A new draft for ``organisation``, prefilled with its work area and its locations
    (with their published hours per week). A second application is refused."""
    today = timezone.localdate(_now(now))
    if today > subsidy_round.closes_on:
        raise FundingError(
            _("De aanvraagperiode is gesloten sinds %(date)s.")
            % {"date": subsidy_round.closes_on.strftime("%d-%m-%Y")}
        )
    if Application.objects.filter(round=subsidy_round, organisation=organisation).exists():
        raise FundingError(_("Uw organisatie heeft al een aanvraag voor deze regeling."))
    try:
        with transaction.atomic():
            application = Application.objects.create(round=subsidy_round, organisation=organisation)
    except IntegrityError:
        raise FundingError(_("Uw organisatie heeft al een aanvraag voor deze regeling.")) from None
    application.municipalities.set(organisation.work_area.values_list("municipality_id", flat=True))

    locations = list(Location.objects.filter(organisation=organisation))
    hours = weekly_hours([location.pk for location in locations])
    ApplicationLocation.objects.bulk_create(
        ApplicationLocation(
            application=application,
            location=location,
            current_hours=hours.get(location.pk, Decimal(0)),
            planned_hours=hours.get(location.pk, Decimal(0)),
        )
        for location in locations
    )
    application.formula_amount = preview(application)[1]
    application.save(update_fields=["formula_amount"])
    return application


@transaction.atomic
def save_draft(
    application,
    *,
    by,
    municipalities,
    hours,
    plan="",
    current_trained_staff=0,
    planned_trained_staff=0,
):
    """Save the library's answers. ``hours`` is ``{location: (current, planned)}`` per
    week; a location outside the organisation or more than 168 hours a week is refused."""
    application = _locked(application)
    _require_status(application, *EDITABLE)
    # Each error carries a code and the location it is about, so a page can link it to its field.
    errors = []
    for location, (current, planned) in hours.items():
        if location.organisation_id != application.organisation_id:
            errors.append(
                FundingError(
                    _("%(location)s hoort niet bij uw organisatie."),
                    code="location",
                    params={"location": location, "location_id": location.pk},
                )
            )
        for which, value in (("current", current), ("planned", planned)):
            if value is None or value < 0 or value > HOURS_IN_A_WEEK:
                errors.append(
                    FundingError(
                        _("%(location)s: openingsuren per week liggen tussen 0 en 168."),
                        code="hours",
                        params={
                            "location": location.name,
                            "location_id": location.pk,
                            "which": which,
                        },
                    )
                )
                break
    if not municipalities:
        errors.append(
            FundingError(_("Kies minstens één gemeente in uw werkgebied."), code="municipalities")
        )
    if errors:
        raise FundingError(errors)
    application.municipalities.set(municipalities)
    application.locations.exclude(location__in=list(hours)).delete()
    for location, (current, planned) in hours.items():
        ApplicationLocation.objects.update_or_create(
            application=application,
            location=location,
            defaults={"current_hours": current, "planned_hours": planned},
        )
    application.plan = plan
    application.current_trained_staff = current_trained_staff
    application.planned_trained_staff = planned_trained_staff
    application.formula_amount = preview(application)[1]
    application.save()
    return application


def preview(application):
    """(Population, formula amount or None when figures are missing) for the draft."""
    population = formula.work_area_population(application.round, application.municipalities.all())
    if population.missing or not population.inhabitants:
        return population, None
    amount = formula.formula_amount(
        application.round, population.inhabitants, population.target_inhabitants
    )
    return population, amount


def _compute(application):
    population, amount = preview(application)
    if not application.municipalities.exists():
        raise FundingError(_("Kies minstens één gemeente in uw werkgebied."), code="municipalities")
    if population.missing:
        raise FundingError(
            _(
                "Voor deze gemeenten zijn er nog geen inwonertallen voor %(year)s: %(names)s. "
                "Neem contact op met de KB."
            ),
            code="municipalities",
            params={
                "year": application.round.population_year,
                "names": ", ".join(population.missing),
            },
        )
    application.inhabitants = population.inhabitants
    application.target_inhabitants = population.target_inhabitants
    application.formula_amount = amount


@transaction.atomic
def submit(application, *, by, now=None):
    """Submit a draft inside the window; the formula amount is computed and kept."""
    now = _now(now)
    application = _locked(application)
    _require_status(application, Status.DRAFT)
    subsidy_round = application.round
    today = timezone.localdate(now)
    if today < subsidy_round.opens_on:
        raise FundingError(
            _("Aanvragen kan vanaf %(date)s.")
            % {"date": subsidy_round.opens_on.strftime("%d-%m-%Y")}
        )
    if today > subsidy_round.closes_on:
        raise FundingError(
            _("De aanvraagperiode is gesloten op %(date)s; indienen kan niet meer.")
            % {"date": subsidy_round.closes_on.strftime("%d-%m-%Y")}
        )
    _compute(application)
    application.status = Status.SUBMITTED
    application.submitted_at = now
    application.save()
    _record(application, Kind.SUBMITTED, by, now, amount=application.formula_amount)
    return application


@transaction.atomic
def answer(application, *, by, text, now=None):
    """The library answers a request for more information; the application goes back to
    the assessor with its amount computed again."""
    now = _now(now)
    application = _locked(application)
    _require_status(application, Status.INFO_REQUESTED)
    text = _require_reason(text, _("Schrijf uw antwoord op de vraag."))
    _compute(application)
    application.status = Status.SUBMITTED
    application.save()
    _record(application, Kind.ANSWERED, by, now, reason=text, amount=application.formula_amount)
    return application


@transaction.atomic
def submit_accountability(application, *, by, explanation, spent_amount=None, now=None):
    """The library submits the report the platform filled in, with its explanation; the
    figures are frozen into the report."""

    now = _now(now)
    application = _locked(application)
    _require_status(application, Status.GRANTED)
    if timezone.localdate(now) <= application.round.period_end:
        raise FundingError(
            _("Verantwoorden kan na het einde van de subsidieperiode (%(date)s).")
            % {"date": application.round.period_end.strftime("%d-%m-%Y")}
        )
    if spent_amount is not None:
        spent_amount = _whole_euros(spent_amount, _("Het bestede bedrag"))
    Accountability.objects.create(
        application=application,
        figures=report.as_json(report.figures(application)),
        explanation=(explanation or "").strip(),
        spent_amount=spent_amount,
        submitted_by=by,
        submitted_at=now,
    )
    application.status = Status.ACCOUNTED
    application.save()
    _record(application, Kind.ACCOUNTED, by, now, reason=explanation or "", amount=spent_amount)
    return application


# --- the funder's steps ----------------------------------------------------------------


@transaction.atomic
def request_information(application, *, by, question, now=None):
    """Ask the library for more information; it is told by e-mail."""
    now = _now(now)
    application = _locked(application)
    _require_status(application, Status.SUBMITTED)
    question = _require_reason(question, _("Schrijf welke informatie u nodig heeft."))
    application.status = Status.INFO_REQUESTED
    application.save()
    _record(application, Kind.INFO_REQUESTED, by, now, reason=question)
    _tell_library(
        application,
        _("Vraag over uw subsidieaanvraag: %(round)s") % {"round": application.round.name},
        _(
            "De KB heeft een vraag over uw aanvraag:\n\n%(question)s\n\n"
            "U kunt antwoorden op het platform, onder Subsidie."
        )
        % {"question": question},
        "funding.info_requested",
    )
    return application


@transaction.atomic
def assess(application, *, by, advice, reason, now=None):
    """The first pair of eyes: an advice (grant or reject) with a reason."""
    now = _now(now)
    application = _locked(application)
    _require_status(application, Status.SUBMITTED)
    if advice not in Application.Advice.values:
        raise FundingError(_("Kies een advies: verlenen of afwijzen."))
    reason = _require_reason(reason, _("Schrijf waarom u dit adviseert."))
    application.status = Status.ASSESSED
    application.assessment_advice = advice
    application.assessed_by = by
    application.save()
    _record(application, Kind.ASSESSED, by, now, reason=reason)
    return application


def _refuse_same_person(application, by):
    if application.assessed_by_id == by.pk:
        raise FundingError(
            _(
                "U heeft deze aanvraag zelf beoordeeld. Een tweede persoon neemt het besluit "
                "(vier ogen)."
            )
        )


def granted_total(subsidy_round, *, excluding=None):
    granted = Application.objects.filter(round=subsidy_round, status__in=HOLDING_A_GRANT)
    if excluding is not None:
        granted = granted.exclude(pk=excluding.pk)
    return granted.aggregate(total=Sum("granted_amount"))["total"] or Decimal(0)


def share_of(subsidy_round, application):
    """The application's pro-rata share of the ceiling among all applications in the
    running (its formula amount when the ceiling is not reached)."""
    amounts = dict(
        Application.objects.filter(round=subsidy_round, status__in=IN_THE_RUNNING)
        .exclude(formula_amount=None)
        .values_list("pk", "formula_amount")
    )
    amounts[application.pk] = application.formula_amount
    return formula.divide_pro_rata(subsidy_round.ceiling, amounts)[application.pk]


def decide(application, *, by, grant, reason="", now=None):
    """The second pair of eyes: grant (verlening, with an advance) or reject. A grant waits
    until the window has closed and locks the round, so the granted total stays under the
    ceiling however many decisions are taken at once."""
    now = _now(now)
    with transaction.atomic():
        subsidy_round = SubsidyRound.objects.select_for_update().get(pk=application.round_id)
        application = _locked(application)
        _require_status(application, Status.ASSESSED)
        _refuse_same_person(application, by)
        if grant:
            if timezone.localdate(now) <= subsidy_round.closes_on:
                raise FundingError(
                    _(
                        "Verlenen kan na het sluiten van de aanvraagperiode (%(date)s), als alle "
                        "aanvragen binnen zijn."
                    )
                    % {"date": subsidy_round.closes_on.strftime("%d-%m-%Y")}
                )
            amount = min(
                share_of(subsidy_round, application),
                max(subsidy_round.ceiling - granted_total(subsidy_round), Decimal(0)),
            )
            application.status = Status.GRANTED
            application.granted_amount = amount
            application.advance_amount = formula.advance_for(subsidy_round, amount)
            kind = Kind.GRANTED
        else:
            reason = _require_reason(reason, _("Schrijf waarom de aanvraag wordt afgewezen."))
            application.status = Status.REJECTED
            kind = Kind.REJECTED
            amount = None
        application.decided_by = by
        application.decided_at = now
        application.save()
        _record(application, kind, by, now, reason=reason, amount=amount)
        if grant:
            _tell_library(
                application,
                _("Uw subsidie is verleend: %(round)s") % {"round": subsidy_round.name},
                _(
                    "De KB heeft € %(amount)s verleend. Het voorschot is € %(advance)s. De "
                    "verleningsbeschikking staat op het platform, onder Subsidie."
                )
                % {
                    "amount": formula.euros(amount),
                    "advance": formula.euros(application.advance_amount),
                },
                "funding.granted",
            )
        else:
            _tell_library(
                application,
                _("Besluit over uw subsidieaanvraag: %(round)s") % {"round": subsidy_round.name},
                _("De KB heeft uw aanvraag afgewezen:\n\n%(reason)s") % {"reason": reason},
                "funding.rejected",
            )
    return application


def _refuse_unless_approver(by):
    """Only the funder's approver role (national, or a superuser) changes a grant; the view
    asks too, but the rule lives here."""
    if by is None or not is_national(by):
        raise FundingError(
            _("Alleen de landelijke subsidieverlener kan een verleend bedrag corrigeren."),
            forbidden=True,
        )


def correct_grant(application, *, by, amount, reason, now=None):
    """Change a granted amount: logged with the old and new amount and a reason, by an
    approver (national role) who did not assess it; never above the formula amount or the
    ceiling.

    The advance follows by one rule: it is the round's advance percentage of the corrected
    amount, rounded down to whole euros (as at the grant), so it never exceeds the grant.
    When that changes the advance, the difference is paid (a higher advance) or reclaimed
    (a lower one) at once, recorded as its own step with the old and new advance; the
    settlement then starts from the corrected advance."""
    _refuse_unless_approver(by)
    now = _now(now)
    amount = _whole_euros(amount, _("Het nieuwe bedrag"))
    reason = _require_reason(reason, _("Schrijf waarom het bedrag verandert."))
    with transaction.atomic():
        subsidy_round = SubsidyRound.objects.select_for_update().get(pk=application.round_id)
        application = _locked(application)
        _require_status(application, Status.GRANTED, Status.ACCOUNTED)
        _refuse_same_person(application, by)
        if amount > application.formula_amount:
            raise FundingError(
                _("Meer dan het bedrag volgens de formule (€ %(formula)s) kan niet.")
                % {"formula": formula.euros(application.formula_amount)}
            )
        room = subsidy_round.ceiling - granted_total(subsidy_round, excluding=application)
        if amount > room:
            raise FundingError(
                _("Dan komt de regeling boven het subsidieplafond; er is nog € %(room)s.")
                % {"room": formula.euros(room)}
            )
        previous = application.granted_amount
        previous_advance = application.advance_amount
        application.granted_amount = amount
        application.advance_amount = formula.advance_for(subsidy_round, amount)
        application.save(update_fields=["granted_amount", "advance_amount"])
        _record(
            application,
            Kind.CORRECTED,
            by,
            now,
            reason=reason,
            amount=amount,
            previous_amount=previous,
        )
        if application.advance_amount != previous_advance:
            _record(
                application,
                Kind.ADVANCE_CORRECTED,
                by,
                now,
                reason=_(
                    "Het voorschot is %(percentage)s%% van het gecorrigeerde bedrag; het "
                    "verschil wordt bijbetaald of teruggevorderd."
                )
                % {"percentage": subsidy_round.advance_percentage},
                amount=application.advance_amount,
                previous_amount=previous_advance,
            )
    return application


@transaction.atomic
def settle(application, *, by, amount, reason="", now=None):
    """Final settlement (vaststelling): at most the granted amount; what was advanced above
    it is reclaimed, what is left is paid."""
    now = _now(now)
    amount = _whole_euros(amount, _("Het vastgestelde bedrag"))
    application = _locked(application)
    _require_status(application, Status.ACCOUNTED)
    if amount > application.granted_amount:
        raise FundingError(
            _("Het vastgestelde bedrag kan niet hoger zijn dan het verleende (€ %(granted)s).")
            % {"granted": formula.euros(application.granted_amount)}
        )
    if amount < application.granted_amount:
        reason = _require_reason(reason, _("Schrijf waarom er minder wordt vastgesteld."))
    application.settled_amount = amount
    application.reclaim_amount = max(application.advance_amount - amount, Decimal(0))
    application.status = Status.SETTLED
    application.settled_at = now
    application.save()
    _record(application, Kind.SETTLED, by, now, reason=reason, amount=amount)
    _tell_library(
        application,
        _("Uw subsidie is vastgesteld: %(round)s") % {"round": application.round.name},
        _(
            "De KB heeft de subsidie vastgesteld op € %(amount)s. De vaststellingsbrief staat "
            "op het platform, onder Subsidie."
        )
        % {"amount": formula.euros(amount)},
        "funding.settled",
    )
    return application
