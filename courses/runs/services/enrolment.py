"""The enrolment rules: seats, waitlist, companions, one active enrolment per person.

Every change locks the run's row first (``select_for_update`` on PostgreSQL; SQLite runs
immediate transactions, which serialise writers), then counts and writes. So a run is never
oversold, and the waitlist is served in order of arrival. Messages are written to the outbox
in the same transaction and delivered after commit.

The same functions serve the public form, assisted enrolment at the desk or by phone, and
staff enrolling in the vaardigheidstraining (``user=``).
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.runs.models import CourseRun, Enrolment, EnrolmentEvent
from courses.runs.services import notifications
from courses.runs.services.contact import normalise_email, normalise_phone
from ido_platform.core.errors import ServiceRefusal


class EnrolmentError(ServiceRefusal):
    """An enrolment that the rules refuse, with a Dutch message for the person."""


_NOT_LOADED = object()


class EnrolmentResult:
    """What ``enrol`` did: the enrolment (new, or the existing one for a double submit) and
    its companion, if any. For a double submit the companion is looked up when first asked
    for: the public form only redirects to the confirmation, which loads it itself."""

    def __init__(self, enrolment, created, companion=_NOT_LOADED):
        self.enrolment = enrolment
        self.created = created
        self._companion = companion

    def __repr__(self):
        return f"EnrolmentResult({self.enrolment!r}, created={self.created})"

    @property
    def companion(self):
        if self._companion is _NOT_LOADED:
            self._companion = self.enrolment.companions.first()
        return self._companion

    @property
    def waitlisted(self):
        return self.enrolment.status == Enrolment.Status.WAITLISTED

    @property
    def confirmed(self):
        return self.enrolment.status == Enrolment.Status.CONFIRMED


@dataclass
class Intake:
    """The short intake of the public form: no special categories of personal data."""

    computer_comfort: str = ""
    device: str = ""
    heard_via: str = ""
    referred_by: str = ""
    extra: dict = field(default_factory=dict)


def _lock_run(run_id):
    return CourseRun.objects.select_for_update().select_related("location", "course").get(pk=run_id)


def _seats_taken(run):
    return run.enrolments.filter(status__in=Enrolment.SEAT_STATUSES).count()


def _find_active(run, *, user, phone, email):
    match = Q()
    if user is not None:
        match |= Q(user=user)
    if phone:
        match |= Q(phone_normalised=phone)
    if email:
        match |= Q(email_normalised=email)
    if not match:
        return None
    return (
        run.enrolments.filter(match, status__in=Enrolment.ACTIVE_STATUSES, companion_of=None)
        .order_by("arrival")
        .first()
    )


def _refresh_full_flag(run, taken=None):
    """Keep ``status`` full/planned in step with the seats (cancelled stays cancelled).
    ``taken``: the seats taken, when the caller holding the lock already knows them."""
    if run.status == CourseRun.Status.CANCELLED:
        return
    if taken is None:
        taken = _seats_taken(run)
    wanted = CourseRun.Status.FULL if taken >= run.seats else CourseRun.Status.PLANNED
    if run.status != wanted:
        run.status = wanted
        CourseRun.objects.filter(pk=run.pk).update(status=wanted)


def _next_arrival(run):
    """The next place in the run's arrival order (the caller holds the run's lock)."""
    last = run.enrolments.aggregate(last=Max("arrival"))["last"]
    return (last or 0) + 1


def enrol(
    run,
    *,
    user=None,
    name="",
    phone="",
    email="",
    companion_name="",
    intake=None,
    consent=True,
    source=Enrolment.Source.ONLINE,
    enrolled_by=None,
    allow_closed=False,
    notify=True,
    now=None,
):
    """Enrol one person (and at most one companion) in ``run``.

    A confirmed seat when enough seats are free for the whole party, else the waitlist (a
    companion shares the person's fate). A citizen gives a name and a phone number and/or an
    e-mail address; a staff member is identified by ``user``. When the same person (same user,
    normalised phone or e-mail) already holds an active enrolment in the run, that enrolment
    is returned with ``created=False``: a double submit shows the first result.
    Raises ``EnrolmentError`` with a Dutch message when the rules refuse.
    """
    now = now or timezone.now()
    intake = intake or Intake()
    name = (name or "").strip()
    companion_name = (companion_name or "").strip()
    phone_normalised = normalise_phone(phone)
    email_normalised = normalise_email(email)
    if user is None:
        if not name:
            raise EnrolmentError(_("Vul uw naam in."), code="name")
        if not phone_normalised and not email_normalised:
            raise EnrolmentError(
                _("Vul een telefoonnummer of een e-mailadres in, of allebei."), code="contact"
            )
        if not consent:
            raise EnrolmentError(
                _("Geef toestemming voor het gebruik van uw gegevens."), code="consent"
            )
    try:
        return _enrol_locked(
            run.pk,
            user=user,
            name=name,
            phone=(phone or "").strip(),
            email=(email or "").strip(),
            phone_normalised=phone_normalised,
            email_normalised=email_normalised,
            companion_name=companion_name,
            intake=intake,
            consent_at=now if consent else None,
            source=source,
            enrolled_by=enrolled_by,
            allow_closed=allow_closed,
            notify=notify,
            now=now,
        )
    except IntegrityError:
        # A concurrent double submit slipped past the check (only possible without the row
        # lock): the unique constraint caught it; show the first result.
        existing = _find_active(run, user=user, phone=phone_normalised, email=email_normalised)
        if existing is None:
            raise
        return EnrolmentResult(existing, created=False)


def _enrol_locked(run_id, *, user, companion_name, intake, allow_closed, notify, now, **person):
    with transaction.atomic():
        run = _lock_run(run_id)
        existing = _find_active(
            run, user=user, phone=person["phone_normalised"], email=person["email_normalised"]
        )
        if existing is not None:
            return EnrolmentResult(existing, created=False)
        if run.status == CourseRun.Status.CANCELLED:
            raise EnrolmentError(_("Deze cursusgroep gaat niet door."), code="cancelled")
        if not allow_closed and not run.is_open(now):
            raise EnrolmentError(
                _("Aanmelden voor deze cursusgroep kan niet meer: de cursus is al begonnen."),
                code="closed",
            )
        party = 2 if companion_name else 1
        taken = _seats_taken(run)
        has_room = taken + party <= run.seats
        # Nobody jumps the queue: with people waiting, newcomers wait too.
        queue_empty = not run.enrolments.filter(status=Enrolment.Status.WAITLISTED).exists()
        status = (
            Enrolment.Status.CONFIRMED if has_room and queue_empty else Enrolment.Status.WAITLISTED
        )
        enrolment = Enrolment.objects.create(
            run=run,
            user=user,
            status=status,
            arrival=_next_arrival(run),
            computer_comfort=intake.computer_comfort,
            device=intake.device,
            heard_via=intake.heard_via,
            referred_by=intake.referred_by[:200],
            **person,
        )
        companion = None
        if companion_name:
            companion = Enrolment.objects.create(
                run=run,
                name=companion_name[:200],
                companion_of=enrolment,
                status=status,
                arrival=_next_arrival(run),
                source=person["source"],
                enrolled_by=person["enrolled_by"],
                consent_at=person["consent_at"],
            )
        EnrolmentEvent.objects.create(
            enrolment=enrolment, kind=EnrolmentEvent.Kind.ENROLLED, by=person["enrolled_by"]
        )
        # Under the lock the count is known: the party took seats only when confirmed.
        _refresh_full_flag(
            run, taken=taken + (party if status == Enrolment.Status.CONFIRMED else 0)
        )
        if notify:
            notifications.enrolled(enrolment)
        return EnrolmentResult(enrolment, created=True, companion=companion)


def _party(enrolment):
    """The enrolment and its companions: they move together."""
    return [enrolment, *enrolment.companions.filter(status__in=Enrolment.ACTIVE_STATUSES)]


def promote_from_waitlist(run, *, now=None, by=None):
    """Fill free seats from the waitlist, in order of arrival. A party (person + companion)
    that does not fit keeps its place; the next party that fits is promoted. Call inside the
    transaction that holds the run's lock. Returns the promoted main enrolments."""
    now = now or timezone.now()
    if run.status == CourseRun.Status.CANCELLED:
        return []
    free = run.seats - _seats_taken(run)
    promoted = []
    if free <= 0:
        return promoted
    waiting = list(
        run.enrolments.filter(status=Enrolment.Status.WAITLISTED, companion_of=None).order_by(
            "arrival"
        )
    )
    for head in waiting:
        if free <= 0:
            break
        party = _party(head)
        if len(party) > free:
            continue
        for member in party:
            member.status = Enrolment.Status.CONFIRMED
            member.promoted_at = now
            member.save(update_fields=["status", "promoted_at", "updated_at"])
        EnrolmentEvent.objects.create(enrolment=head, kind=EnrolmentEvent.Kind.PROMOTED, by=by)
        notifications.promoted(head)
        free -= len(party)
        promoted.append(head)
    _refresh_full_flag(run)
    return promoted


def cancel(enrolment, *, by=None, reason="", notify=True, now=None):
    """Cancel an enrolment (with its companion). A freed seat goes to the waitlist in the same
    transaction; the promoted person is told after commit. Cancelling twice is harmless.
    Returns the enrolments promoted from the waitlist."""
    now = now or timezone.now()
    with transaction.atomic():
        run = _lock_run(enrolment.run_id)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status not in Enrolment.ACTIVE_STATUSES:
            return []
        party = [enrolment] if enrolment.companion_of_id else _party(enrolment)
        for member in party:
            member.status = Enrolment.Status.CANCELLED
            member.cancelled_at = now
            member.save(update_fields=["status", "cancelled_at", "updated_at"])
        EnrolmentEvent.objects.create(
            enrolment=enrolment, kind=EnrolmentEvent.Kind.CANCELLED, by=by, reason=reason
        )
        if notify:
            notifications.cancelled(enrolment)
        return promote_from_waitlist(run, now=now, by=by)


def seats_changed(run, *, by=None, now=None):
    """After a coordinator changes the seats: fill new ones from the waitlist (people are
    told) and keep the "full" flag in step."""
    with transaction.atomic():
        run = _lock_run(run.pk)
        promoted = promote_from_waitlist(run, now=now, by=by)
        _refresh_full_flag(run)
        return promoted


def promote(enrolment, *, by, reason="", now=None):
    """A coordinator places someone from the waitlist on a seat, out of turn. Only when the
    party fits the free seats; the reason is logged."""
    now = now or timezone.now()
    with transaction.atomic():
        run = _lock_run(enrolment.run_id)
        enrolment = Enrolment.objects.get(pk=enrolment.pk)
        if enrolment.status != Enrolment.Status.WAITLISTED or enrolment.companion_of_id:
            raise EnrolmentError(_("Deze persoon staat niet op de wachtlijst."), code="state")
        party = _party(enrolment)
        if _seats_taken(run) + len(party) > run.seats:
            raise EnrolmentError(_("Er zijn niet genoeg vrije plaatsen."), code="full")
        for member in party:
            member.status = Enrolment.Status.CONFIRMED
            member.promoted_at = now
            member.save(update_fields=["status", "promoted_at", "updated_at"])
        EnrolmentEvent.objects.create(
            enrolment=enrolment, kind=EnrolmentEvent.Kind.PROMOTED, by=by, reason=reason
        )
        notifications.promoted(enrolment)
        _refresh_full_flag(run)
        return enrolment


def move(enrolment, to_run, *, by, reason, now=None):
    """Move a person (and companion) to another run of the same course, with a logged reason.
    Their seat in the old run goes to that run's waitlist; in the new run they get a seat
    when one is free, else the end of its waitlist. Returns the new ``EnrolmentResult``."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise EnrolmentError(_("Vul een reden in."), code="reason")
    if to_run.pk == enrolment.run_id:
        raise EnrolmentError(_("Kies een andere groep."), code="same_run")
    if enrolment.status not in Enrolment.ACTIVE_STATUSES or enrolment.companion_of_id:
        raise EnrolmentError(_("Alleen een actieve aanmelding kan verplaatst worden."))
    companion = enrolment.companions.filter(status__in=Enrolment.ACTIVE_STATUSES).first()
    with transaction.atomic():
        # Lock both runs in id order so two opposite moves cannot deadlock.
        for run_id in sorted((enrolment.run_id, to_run.pk)):
            _lock_run(run_id)
        cancel(enrolment, by=by, reason=reason, notify=False, now=now)
        EnrolmentEvent.objects.create(
            enrolment=enrolment, kind=EnrolmentEvent.Kind.MOVED_OUT, by=by, reason=reason
        )
        result = enrol(
            to_run,
            user=enrolment.user,
            name=enrolment.name,
            phone=enrolment.phone,
            email=enrolment.email,
            companion_name=companion.name if companion else "",
            intake=Intake(
                enrolment.computer_comfort,
                enrolment.device,
                enrolment.heard_via,
                enrolment.referred_by,
            ),
            consent=enrolment.consent_at is not None or enrolment.user_id is not None,
            source=enrolment.source,
            enrolled_by=by,
            allow_closed=True,
            notify=True,
            now=now,
        )
        EnrolmentEvent.objects.create(
            enrolment=result.enrolment, kind=EnrolmentEvent.Kind.MOVED_IN, by=by, reason=reason
        )
        return result


def cancel_run(run, *, by, reason="", now=None):
    """Cancel a whole run: every active enrolment is cancelled and told why."""
    now = now or timezone.now()
    with transaction.atomic():
        run = _lock_run(run.pk)
        run.status = CourseRun.Status.CANCELLED
        run.cancelled_reason = reason
        run.save(update_fields=["status", "cancelled_reason"])
        affected = list(run.enrolments.filter(status__in=Enrolment.ACTIVE_STATUSES))
        for enrolment in affected:
            enrolment.status = Enrolment.Status.CANCELLED
            enrolment.cancelled_at = now
            enrolment.save(update_fields=["status", "cancelled_at", "updated_at"])
            if enrolment.companion_of_id is None:
                EnrolmentEvent.objects.create(
                    enrolment=enrolment,
                    kind=EnrolmentEvent.Kind.RUN_CANCELLED,
                    by=by,
                    reason=reason,
                )
                notifications.run_cancelled(enrolment, reason)
        return affected


@dataclass
class CompletionCheck:
    """Whether someone meets the course's completion rule, and the figures behind it."""

    started: bool
    present: int
    needed: int
    meetings: int

    @property
    def attended_enough(self):
        return self.present >= self.needed

    @property
    def met(self):
        return self.started and self.attended_enough


def completion_check(enrolment, *, now=None, register=None, meeting_ids=None):
    """The completion rule: the run has started, and the person was present at the share
    of its meetings that the course asks (``CoursePage.completion_attendance``, rounded up).
    ``register`` ({(enrolment, meeting): present}) and ``meeting_ids`` may be the run's
    attendance and meetings already loaded (lists: no query per person)."""
    now = now or timezone.now()
    run = enrolment.run
    if meeting_ids is None:
        meeting_ids = list(run.meetings.values_list("pk", flat=True))
    if register is None:
        present = enrolment.attendance.filter(present=True).count()
    else:
        present = sum(1 for m in meeting_ids if register.get((enrolment.pk, m)) is True)
    share = run.course.completion_attendance
    needed = -(-len(meeting_ids) * share // 100)  # rounded up
    started = run.first_meeting_at is not None and run.first_meeting_at <= now
    return CompletionCheck(started, present, needed, len(meeting_ids))


def complete(enrolment, *, by=None, override_reason="", now=None):
    """Mark a participant as having completed the course (certificate of participation).

    Only once the run has started, and only when the person meets the course's attendance
    rule (``completion_check``). Otherwise only with an explicit ``override_reason``, which
    is logged on the event. Raises ``EnrolmentError`` with a Dutch message."""
    now = now or timezone.now()
    override_reason = (override_reason or "").strip()
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("run__course")
            .get(pk=enrolment.pk)
        )
        if enrolment.status not in (Enrolment.Status.CONFIRMED, Enrolment.Status.NO_SHOW):
            raise EnrolmentError(_("Alleen een deelnemer met een plaats kan de cursus afronden."))
        check = completion_check(enrolment, now=now)
        if not check.started and not override_reason:
            raise EnrolmentError(
                _("De cursus is nog niet begonnen. Afronden kan pas na de eerste bijeenkomst."),
                code="not_started",
            )
        if not check.attended_enough and not override_reason:
            raise EnrolmentError(
                _(
                    "%(name)s was bij %(present)s van de %(meetings)s bijeenkomsten; voor "
                    "afronden is %(needed)s nodig. Vul een reden in om toch af te ronden."
                )
                % {
                    "name": enrolment.display_name,
                    "present": check.present,
                    "meetings": check.meetings,
                    "needed": check.needed,
                },
                code="attendance",
            )
        enrolment.status = Enrolment.Status.COMPLETED
        enrolment.completed_at = now
        enrolment.save(update_fields=["status", "completed_at", "updated_at"])
        EnrolmentEvent.objects.create(
            enrolment=enrolment,
            kind=EnrolmentEvent.Kind.COMPLETED,
            by=by,
            reason="" if check.met else override_reason,
        )
        return enrolment


def mark_no_show(enrolment, *, by=None):
    """Mark a participant who never came. The seat stays counted (the group has started)."""
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status not in (Enrolment.Status.CONFIRMED, Enrolment.Status.COMPLETED):
            raise EnrolmentError(_("Alleen een deelnemer met een plaats kan afwezig zijn."))
        enrolment.status = Enrolment.Status.NO_SHOW
        enrolment.save(update_fields=["status", "updated_at"])
        EnrolmentEvent.objects.create(enrolment=enrolment, kind=EnrolmentEvent.Kind.NO_SHOW, by=by)
        return enrolment


def _scrub(enrolments, now):
    """Remove the personal data of these enrolments; status, intake categories and dates
    stay for the figures."""
    return enrolments.filter(anonymised_at__isnull=True).update(
        name="",
        phone="",
        email="",
        phone_normalised="",
        email_normalised="",
        referred_by="",
        anonymised_at=now,
    )


def remove(enrolment, *, by, reason="", now=None):
    """What "delete" means for an enrolment (the admin's delete button): the enrolment is
    cancelled through ``cancel`` (its seat goes to the waitlist, the run's "full" flag
    follows), then the person's data is removed. The row stays, anonymised, so the run's
    arrival order, figures and log stay whole."""
    now = now or timezone.now()
    reason = (reason or "").strip() or _("Verwijderd in het beheer.")
    with transaction.atomic():
        promoted = cancel(enrolment, by=by, reason=reason, notify=False, now=now)
        enrolment = Enrolment.objects.get(pk=enrolment.pk)
        party = Enrolment.objects.filter(Q(pk=enrolment.pk) | Q(companion_of=enrolment))
        _scrub(party, now)
        EnrolmentEvent.objects.filter(enrolment__in=party).update(reason="")
        EnrolmentEvent.objects.create(
            enrolment=enrolment, kind=EnrolmentEvent.Kind.REMOVED, by=by, reason=reason
        )
        _refresh_full_flag(_lock_run(enrolment.run_id))
        return promoted


def anonymise_run(run, *, now=None):
    """Remove the personal data of every enrolment of ``run`` (the retention rule in
    ``services.privacy`` decides when). Takes the run's lock like every other change of
    enrolments. Returns the number of enrolments anonymised."""
    now = now or timezone.now()
    with transaction.atomic():
        run = _lock_run(run.pk)
        count = _scrub(Enrolment.objects.filter(run=run), now)
        EnrolmentEvent.objects.filter(enrolment__run=run).update(reason="")
        CourseRun.objects.filter(pk=run.pk).update(anonymised_at=now)
        return count


def delete_run(run):
    """A run can only be deleted while nobody is or was enrolled in it; otherwise it is
    cancelled (``cancel_run``), which tells the people in it."""
    with transaction.atomic():
        run = _lock_run(run.pk)
        if run.enrolments.exists():
            raise EnrolmentError(
                _(
                    "In deze groep zijn al mensen aangemeld. Verwijderen kan niet: zet de "
                    "status op 'geannuleerd', dan krijgt iedereen bericht."
                ),
                code="has_enrolments",
            )
        run.delete()
