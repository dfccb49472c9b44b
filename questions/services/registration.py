"""Registering a visit and its questions, correcting and deleting it.

Rules (each refusal is a ``RegistrationError`` with Dutch messages and an HTTP status):

* A visit has 1 to ``MAX_QUESTIONS`` questions, a day that is not in the future and not
  older than ``settings.QUESTIONS_BACKDATE_DAYS``, and an optional short note without
  personal data (``personal_data.personal_data_in``).
* A logged-in employee registers only at a location they work at; a desk link only at its
  own location, and only while it is not revoked.
* The ``client_id`` is made by the browser: a second request with the same id returns the
  first visit and counts nothing (also when two arrive at the same moment).
* The registrant corrects or deletes their own registrations on the day they made them;
  after that only a coordinator of the library (or the national role), with a reason
  that is kept in a ``Correction``.
* The rollups change in the same transaction as the rows (``tallies.apply``).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ido_platform.core.errors import ServiceRefusal
from questions import personal_data
from questions.models import (
    Action,
    Channel,
    Correction,
    DigidFollowUp,
    Duration,
    Kind,
    OtherOrganisation,
    Question,
    Referral,
    Visit,
)
from questions.services import tallies

MAX_QUESTIONS = 20
DIGID_SLUG = "digid"


class RegistrationError(ServiceRefusal):
    """Bad input or a refusal; ``messages`` are Dutch, ``status`` the HTTP status to answer."""

    def __init__(self, messages, status=400):
        super().__init__(messages, status=status)


@dataclass
class QuestionInput:
    kind: str
    action: str
    duration: str
    topic: object = None
    service_providers: list = field(default_factory=list)
    other_organisation: str = ""
    digid_follow_up: str = ""
    referred_to: str = ""

    def as_data(self):
        return {
            "kind": self.kind,
            "topic_id": self.topic.pk if self.topic else None,
            "service_provider_ids": sorted(p.pk for p in self.service_providers),
            "other_organisation": self.other_organisation,
            "digid_follow_up": self.digid_follow_up,
            "action": self.action,
            "referred_to": self.referred_to,
            "duration": self.duration,
        }


def backdate_days():
    return settings.QUESTIONS_BACKDATE_DAYS


def _clean_questions(questions):
    errors = []
    if not questions:
        errors.append(_("Registreer minstens één vraag."))
    if len(questions) > MAX_QUESTIONS:
        errors.append(_("Registreer hoogstens %(max)s vragen per bezoek.") % {"max": MAX_QUESTIONS})
    for number, question in enumerate(questions, start=1):
        prefix = _("Vraag %(number)s: ") % {"number": number}
        if question.kind not in Kind.values:
            errors.append(prefix + _("kies de soort vraag."))
        if question.action not in Action.values:
            errors.append(prefix + _("kies wat er is gedaan."))
        if question.duration not in Duration.values:
            errors.append(prefix + _("kies hoe lang het duurde."))
        if question.other_organisation not in ("", *OtherOrganisation.values):
            errors.append(prefix + _("kies een organisatie uit de lijst."))
        if question.digid_follow_up not in ("", *DigidFollowUp.values):
            errors.append(prefix + _("kies wat er met DigiD nodig was."))
        if question.action == Action.REFERRED and question.referred_to not in Referral.values:
            errors.append(prefix + _("kies waarnaar u hebt doorverwezen."))
        if question.action != Action.REFERRED:
            question.referred_to = ""
        if not (question.topic and question.topic.slug == DIGID_SLUG):
            question.digid_follow_up = ""
    return errors


def _clean_visit(channel, day, note, today):
    errors = []
    if channel not in Channel.values:
        errors.append(_("Kies hoe de vraag binnenkwam."))
    if day > today:
        errors.append(_("De datum ligt in de toekomst. Kies vandaag of een eerdere dag."))
    elif day < today - datetime.timedelta(days=backdate_days()):
        errors.append(
            _("De datum ligt meer dan %(days)s dagen terug. Zo oud kunt u niet meer registreren.")
            % {"days": backdate_days()}
        )
    if len(note) > Visit._meta.get_field("note").max_length:
        errors.append(_("De notitie is te lang: houd het bij 200 tekens."))
    errors += personal_data.personal_data_in(note)
    return errors


def _replayed(client_id, location):
    existing = Visit.objects.filter(client_id=client_id).first()
    if existing is None:
        return None
    if existing.location_id != location.pk:
        raise RegistrationError(_("Deze registratiecode is al gebruikt."), status=409)
    return existing


def register_visit(
    *,
    location,
    channel,
    questions,
    client_id,
    by=None,
    desk_link=None,
    day=None,
    note="",
    now=None,
):
    """Register one visit; returns ``(visit, created)``. A replayed ``client_id`` returns
    the earlier visit with ``created`` False and counts nothing."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    day = day or today
    note = (note or "").strip()
    if desk_link is not None:
        if not desk_link.is_active:
            raise RegistrationError(_("Deze baliekoppeling is ingetrokken."), status=403)
        if desk_link.location_id != location.pk:
            raise RegistrationError(
                _("Met deze baliekoppeling registreert u alleen voor de eigen locatie."),
                status=403,
            )
    elif by is None or not by.has_perm("questions.register_at_location", location):
        raise RegistrationError(_("U werkt niet op deze locatie."), status=403)
    errors = _clean_visit(channel, day, note, today) + _clean_questions(questions)
    if errors:
        raise RegistrationError(errors)
    # A replayed id is found by its unique index: the insert fails and the earlier visit is
    # returned (a new registration, by far the most, costs no lookup first).
    try:
        with transaction.atomic():
            visit = Visit.objects.create(
                client_id=client_id,
                location=location,
                channel=channel,
                day=day,
                hour=timezone.localtime(now).hour if day == today else None,
                note=note,
                registered_by=by if desk_link is None else None,
                desk_link=desk_link,
            )
            _write_questions(visit, questions)
    except IntegrityError:
        # The same client id came before (or arrives twice at once): that visit counts.
        existing = _replayed(client_id, location)
        if existing is None:
            raise
        return existing, False
    return visit, True


def _write_questions(visit, questions):
    rows = Question.objects.bulk_create(
        [
            Question(
                visit=visit,
                position=position,
                kind=q.kind,
                topic=q.topic,
                other_organisation=q.other_organisation,
                digid_follow_up=q.digid_follow_up,
                action=q.action,
                referred_to=q.referred_to,
                duration=q.duration,
            )
            for position, q in enumerate(questions, start=1)
        ]
    )
    through = Question.service_providers.through
    through.objects.bulk_create(
        [
            through(question_id=row.pk, serviceprovider_id=provider.pk)
            for row, q in zip(rows, questions, strict=True)
            for provider in {p.pk: p for p in q.service_providers}.values()
        ]
    )
    tallies.apply(visit, [q.as_data() for q in questions], 1)


def snapshot(visit):
    """The registration as data (kept in a ``Correction`` before it changes)."""
    return {
        "channel": visit.channel,
        "day": visit.day.isoformat(),
        "hour": visit.hour,
        "note": visit.note,
        "questions": [
            tallies.snapshot_question(q)
            for q in visit.questions.prefetch_related("service_providers")
        ],
    }


def needs_reason(user, visit, now=None):
    """Whether a correction by ``user`` must give a reason: everyone but the registrant on
    the day they registered."""
    today = timezone.localdate(now or timezone.now())
    return not (
        visit.registered_by_id == user.pk and timezone.localdate(visit.registered_at) == today
    )


def _lock_for_correction(visit, by, reason, now):
    if not by.has_perm("questions.correct_visit", visit):
        raise RegistrationError(
            _("U kunt deze registratie niet meer wijzigen. Vraag het de coördinator."),
            status=403,
        )
    locked = Visit.objects.select_for_update().get(pk=visit.pk)
    if locked.is_deleted:
        raise RegistrationError(_("Deze registratie is al verwijderd."), status=409)
    reason = (reason or "").strip()
    if needs_reason(by, locked, now) and not reason:
        raise RegistrationError(_("Geef een reden voor deze wijziging."))
    if len(reason) > Correction._meta.get_field("reason").max_length:
        raise RegistrationError(_("De reden is te lang: houd het bij 300 tekens."))
    errors = personal_data.personal_data_in(reason)
    if errors:
        raise RegistrationError(errors)
    return locked, reason


def correct_visit(visit, *, by, channel, questions, day=None, note="", reason="", now=None):
    """Replace the visit's channel, day, note and questions; the rollups follow."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        locked, reason = _lock_for_correction(visit, by, reason, now)
        day = day or locked.day
        note = (note or "").strip()
        errors = _clean_questions(questions)
        if channel not in Channel.values:
            errors.insert(0, _("Kies hoe de vraag binnenkwam."))
        if day > today:
            errors.insert(0, _("De datum ligt in de toekomst. Kies vandaag of een eerdere dag."))
        errors += personal_data.personal_data_in(note)
        if errors:
            raise RegistrationError(errors)
        before = snapshot(locked)
        tallies.apply(locked, before["questions"], -1)
        if day != locked.day:
            locked.hour = None
        locked.channel, locked.day, locked.note = channel, day, note
        locked.save(update_fields=["channel", "day", "hour", "note"])
        locked.questions.all().delete()
        _write_questions(locked, questions)
        Correction.objects.create(
            visit=locked, kind=Correction.Kind.CHANGED, by=by, reason=reason, before=before
        )
    return locked


def delete_visit(visit, *, by, reason="", now=None):
    """Mark the visit deleted (it stops counting); the correction keeps what it was."""
    now = now or timezone.now()
    with transaction.atomic():
        locked, reason = _lock_for_correction(visit, by, reason, now)
        before = snapshot(locked)
        tallies.apply(locked, before["questions"], -1)
        locked.deleted_at = now
        locked.save(update_fields=["deleted_at"])
        Correction.objects.create(
            visit=locked, kind=Correction.Kind.DELETED, by=by, reason=reason, before=before
        )
    return locked


def last_visit(*, user=None, desk_link=None):
    """The latest registration by this user (or through this desk link), for "same again"."""
    visits = Visit.objects.filter(deleted_at__isnull=True)
    if desk_link is not None:
        visits = visits.filter(desk_link=desk_link)
    else:
        visits = visits.filter(registered_by=user)
    return (
        visits.order_by("-registered_at", "-pk")
        .prefetch_related("questions__service_providers")
        .first()
    )


@dataclass
class ImportedVisit:
    """A visit registered elsewhere (the demo generator, an import of the national form)."""

    client_id: object
    location: object
    channel: str
    day: datetime.date
    questions: list
    hour: int | None = None


def import_visits(rows, batch_size=2000):
    """Store many visits at once, skipping ids already known, then rebuild the rollups of
    the locations concerned. Returns the number of new visits. Rows are checked with the
    same question rules as the screen (a bad row raises ``RegistrationError``)."""
    known = set(
        Visit.objects.filter(client_id__in=[row.client_id for row in rows]).values_list(
            "client_id", flat=True
        )
    )
    new = [row for row in rows if row.client_id not in known]
    for row in new:
        errors = _clean_questions(row.questions)
        if row.channel not in Channel.values:
            errors.append(_("Kies hoe de vraag binnenkwam."))
        if errors:
            raise RegistrationError(errors)
    if not new:
        return 0
    through = Question.service_providers.through
    with transaction.atomic():
        for start in range(0, len(new), batch_size):
            chunk = new[start : start + batch_size]
            visits = Visit.objects.bulk_create(
                [
                    Visit(
                        client_id=row.client_id,
                        location=row.location,
                        channel=row.channel,
                        day=row.day,
                        hour=row.hour,
                    )
                    for row in chunk
                ]
            )
            if not all(visit.pk for visit in visits):  # SQLite before 3.35 returns no ids
                by_id = dict(
                    Visit.objects.filter(client_id__in=[r.client_id for r in chunk]).values_list(
                        "client_id", "pk"
                    )
                )
                for visit in visits:
                    visit.pk = by_id[visit.client_id]
            pairs = [
                (
                    Question(
                        visit_id=visit.pk,
                        position=position,
                        kind=q.kind,
                        topic=q.topic,
                        other_organisation=q.other_organisation,
                        digid_follow_up=q.digid_follow_up,
                        action=q.action,
                        referred_to=q.referred_to,
                        duration=q.duration,
                    ),
                    q,
                )
                for visit, row in zip(visits, chunk, strict=True)
                for position, q in enumerate(row.questions, start=1)
            ]
            questions = Question.objects.bulk_create([question for question, _q in pairs])
            through.objects.bulk_create(
                [
                    through(question_id=question.pk, serviceprovider_id=provider.pk)
                    for question, (_row, q) in zip(questions, pairs, strict=True)
                    for provider in q.service_providers
                ]
            )
        tallies.rebuild({row.location.pk for row in new})
    return len(new)
