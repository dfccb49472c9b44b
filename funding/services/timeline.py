"""A library's timeline of one application: its steps, the letters, the payments and the
deadlines, in date order.

* Steps are the application's events (who, when, why, amount).
* Letters: the grant letter from the grant, the settlement letter from the settlement, each
  with a link to its PDF.
* Payments: the advance from the grant; the difference a correction of the grant made to
  the advance (paid or reclaimed); after the settlement the rest that is paid, or what is
  reclaimed. The platform records when a payment was decided, not when it arrived.
* Deadlines: the close of the application window while the application is not submitted,
  the end of the subsidy period and the accountability deadline (with the reminder e-mail
  before it) once granted. A deadline that has passed while its step is still to be taken
  is marked overdue.

Entries on the same day keep this order: steps, letters, payments, deadlines."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.models import Application, ApplicationEvent
from funding.services.reminders import DAYS_AHEAD
from ido_platform.core import formatting

Status = Application.Status

STEP, LETTER, PAYMENT, DEADLINE = "step", "letter", "payment", "deadline"
_ORDER = {STEP: 0, LETTER: 1, PAYMENT: 2, DEADLINE: 3}


@dataclass(frozen=True)
class Entry:
    day: datetime.date
    kind: str
    label: str
    at: datetime.datetime | None = None
    detail: str = ""
    by: str = ""
    amount: Decimal | None = None
    url: str = ""
    overdue: bool = False
    upcoming: bool = False

    @property
    def kind_label(self):
        return {
            STEP: _("Stap"),
            LETTER: _("Brief"),
            PAYMENT: _("Betaling"),
            DEADLINE: _("Termijn"),
        }[self.kind]


def _day(moment):
    return timezone.localdate(moment)


def _steps(events):
    for event in events:
        yield Entry(
            day=_day(event.at),
            at=event.at,
            kind=STEP,
            label=event.get_kind_display(),
            detail=event.reason,
            by=formatting.person_name(event.by, empty=""),
            amount=event.amount,
        )


def _advance_changes(events):
    """A correction that changed the advance pays the difference or reclaims it at once."""
    for event in events:
        if event.kind != ApplicationEvent.Kind.ADVANCE_CORRECTED:
            continue
        difference = (event.amount or 0) - (event.previous_amount or 0)
        yield Entry(
            day=_day(event.at),
            at=event.at,
            kind=PAYMENT,
            label=_("Aanvullend voorschot") if difference > 0 else _("Terugvordering voorschot"),
            detail=_("Na de correctie van het verleende bedrag."),
            amount=abs(difference),
        )


def _letters_and_payments(application, events):
    if application.granted_amount is not None and application.decided_at is not None:
        decided = application.decided_at
        # The advance as paid after the grant: before any correction changed it.
        changes = [e for e in events if e.kind == ApplicationEvent.Kind.ADVANCE_CORRECTED]
        first_advance = changes[0].previous_amount if changes else application.advance_amount
        yield Entry(
            day=_day(decided),
            at=decided,
            kind=LETTER,
            label=_("Verleningsbeschikking"),
            url=reverse("funding:letter", args=[application.pk, "verleningsbeschikking"]),
        )
        if first_advance:
            yield Entry(
                day=_day(decided),
                at=decided,
                kind=PAYMENT,
                label=_("Voorschot"),
                detail=_("Na het besluit tot verlening."),
                amount=first_advance,
            )
        yield from _advance_changes(events)
    if application.settled_amount is not None and application.settled_at is not None:
        settled = application.settled_at
        yield Entry(
            day=_day(settled),
            at=settled,
            kind=LETTER,
            label=_("Vaststellingsbrief"),
            url=reverse("funding:letter", args=[application.pk, "vaststelling"]),
        )
        if application.reclaim_amount:
            label, detail = (
                _("Terugvordering"),
                _("Het voorschot was hoger dan het vastgestelde bedrag."),
            )
        else:
            label, detail = _("Betaling van de rest"), _("Na de vaststelling.")
        amount = application.reclaim_amount or application.remainder_amount
        if amount:
            yield Entry(
                day=_day(settled),
                at=settled,
                kind=PAYMENT,
                label=label,
                detail=detail,
                amount=amount,
            )


def _deadlines(application, today, reminded):
    subsidy_round = application.round
    if application.status in (Status.DRAFT, Status.INFO_REQUESTED):
        yield Entry(
            day=subsidy_round.closes_on,
            kind=DEADLINE,
            label=_("Aanvraagperiode sluit"),
            detail=_("Indienen kan tot en met deze dag."),
            overdue=application.status == Status.DRAFT and today > subsidy_round.closes_on,
            upcoming=today <= subsidy_round.closes_on,
        )
    if application.status in (Status.GRANTED, Status.ACCOUNTED, Status.SETTLED):
        yield Entry(
            day=subsidy_round.period_end,
            kind=DEADLINE,
            label=_("Einde van de subsidieperiode"),
            upcoming=today <= subsidy_round.period_end,
        )
        due = subsidy_round.accountability_due
        waiting = application.status == Status.GRANTED
        if waiting and not reminded:
            reminder = due - datetime.timedelta(days=DAYS_AHEAD)
            yield Entry(
                day=reminder,
                kind=DEADLINE,
                label=_("Herinnering per e-mail"),
                detail=_("%(days)s dagen voor de uiterste datum van de verantwoording.")
                % {"days": DAYS_AHEAD},
                upcoming=today <= reminder,
            )
        yield Entry(
            day=due,
            kind=DEADLINE,
            label=_("Verantwoording uiterlijk"),
            overdue=waiting and today > due,
            upcoming=waiting and today <= due,
        )


def timeline(application, *, today=None):
    """Every entry of ``application``'s timeline, sorted by date (see the module's rules)."""
    today = today or timezone.localdate()
    events = list(application.events.select_related("by"))
    reminded = any(event.kind == ApplicationEvent.Kind.REMINDED for event in events)
    entries = [
        *_steps(events),
        *_letters_and_payments(application, events),
        *_deadlines(application, today, reminded),
    ]

    def key(entry):
        moment = timezone.localtime(entry.at).time() if entry.at else datetime.time.max
        return (entry.day, _ORDER[entry.kind], moment)

    return sorted(entries, key=key)
