"""The audit workflow: plan, self-assessment, scoring drafts, submit, review (approve or
send back with a reason), corrections of an approved audit as revisions, findings and
improvement actions. Every change of state is one transaction that locks the audit row."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    Answer,
    ApprovedAuditError,
    Audit,
    AuditEvent,
    AuditRevision,
    DerivedCriterion,
    Finding,
    ImprovementAction,
)
from assessments.services import results, scoring
from assessments.services.frameworks import check_publishable, structure
from ido_platform.core import formatting, outbox
from ido_platform.core.calendars import new_calendar, new_event
from ido_platform.core.errors import ServiceRefusal
from ido_platform.core.models import Membership, Role

SELF_ASSESSMENT_OPEN = (Audit.Status.PLANNED, Audit.Status.SELF_ASSESSMENT)
SCORING_OPEN = (Audit.Status.PLANNED, Audit.Status.SELF_ASSESSMENT, Audit.Status.IN_PROGRESS)


class AuditStateError(ServiceRefusal):
    """The audit is not in a state that allows this step."""


def _locked(audit):
    return Audit.objects.select_for_update().select_related("version", "location").get(pk=audit.pk)


def coordinators_of(location):
    """The coordinators of a location's library organisation."""
    return (
        get_user_model()
        .objects.filter(
            memberships__organisation_id=location.organisation_id,
            memberships__role=Role.COORDINATOR,
            is_active=True,
        )
        .distinct()
    )


def _tell(users, subject, body, kind, attachments=()):
    """Queue the message for every user with an e-mail address; returns how many."""
    queued = 0
    for user in users:
        if user.email:
            outbox.queue_message(
                recipient=user.email,
                subject=subject,
                body=body,
                kind=kind,
                attachments=attachments,
            )
            queued += 1
    return queued


def visit_calendar(audit):
    """The audit visit as an all-day calendar event (.ics text)."""
    calendar = new_calendar("Kwaliteitstoetsing")
    event = new_event()
    event.add("uid", f"audit-{audit.pk}@ido-platform")
    event.add("summary", _("Kwaliteitsaudit %(location)s") % {"location": audit.location.name})
    event.add("dtstart", audit.planned_for)
    event.add("dtend", audit.planned_for + datetime.timedelta(days=1))
    event.add("dtstamp", timezone.now())
    address = ", ".join(
        part for part in (audit.location.street_address, audit.location.town) if part
    )
    event.add("location", address)
    calendar.add_component(event)
    return calendar.to_ical().decode()


@transaction.atomic
def plan_audit(*, location, version, auditors, planned_for, by):
    """Plan an audit of ``location`` with one or two auditors; everyone involved is told."""
    auditors = check_auditors(auditors)
    check_publishable(version)
    previous = Audit.objects.filter(location=location).count()
    audit = Audit.objects.create(
        location=location,
        version=version,
        planned_for=planned_for,
        planned_by=by,
        round=previous + 1,
    )
    audit.auditors.set(auditors)
    AuditEvent.objects.create(audit=audit, kind=AuditEvent.Kind.PLANNED, by=by)
    subject = _("Audit gepland: %(location)s op %(date)s") % {
        "location": location.name,
        "date": planned_for.strftime("%d-%m-%Y"),
    }
    body = _(
        "Er is een kwaliteitsaudit gepland voor %(location)s op %(date)s.\n"
        "Auditoren: %(auditors)s.\n"
        "Coördinatoren vullen vooraf de zelfevaluatie in; auditoren vinden de audit onder "
        "Kwaliteitstoetsing."
    ) % {
        "location": location.name,
        "date": planned_for.strftime("%d-%m-%Y"),
        "auditors": ", ".join(formatting.person_name(u) for u in auditors),
    }
    involved = {u.pk: u for u in [*auditors, *coordinators_of(location)]}
    if by is not None:
        involved.setdefault(by.pk, by)
    invitation = {
        "filename": "audit.ics",
        "content": visit_calendar(audit),
        "mimetype": "text/calendar",
    }
    _tell(involved.values(), subject, body, "audit_planned", attachments=[invitation])
    return audit


def check_auditors(auditors):
    """One or two people, each with the auditor role (planning and the admin's audit form)."""
    auditors = list(auditors)
    if not 1 <= len(auditors) <= 2:
        raise ServiceRefusal({"auditors": _("Kies één of twee auditoren.")})
    auditor_ids = set(
        Membership.objects.filter(role=Role.AUDITOR, user__in=auditors).values_list(
            "user_id", flat=True
        )
    )
    if any(user.pk not in auditor_ids for user in auditors):
        raise ServiceRefusal({"auditors": _("Alleen mensen met de rol auditor kunnen auditen.")})
    return auditors


@transaction.atomic
def delete_audit(audit, *, by=None):
    """A planned audit that nobody has started can be deleted (planned in error). Once the
    self-assessment or the audit has begun, its answers and history stay."""
    audit = _locked(audit)
    if audit.status != Audit.Status.PLANNED or audit.answers.exists() or audit.photos.exists():
        raise AuditStateError(
            _(
                "Deze audit is al begonnen: antwoorden en geschiedenis blijven bewaard. "
                "Verwijderen kan alleen bij een geplande audit zonder antwoorden."
            )
        )
    audit.delete()


@transaction.atomic
def save_answers(audit, *, source, by, given):
    """Save a draft of answers ({criterion id: scoring.Given}) for one source. The
    self-assessment is open until the audit starts; the auditor's until submission."""
    audit = _locked(audit)
    if audit.is_approved:
        raise ApprovedAuditError(_("Deze audit is goedgekeurd en kan niet meer veranderen."))
    if source == Answer.Source.SELF:
        if audit.status not in SELF_ASSESSMENT_OPEN:
            raise AuditStateError(_("De zelfevaluatie is gesloten: de audit is al begonnen."))
        new_status = Audit.Status.SELF_ASSESSMENT
    else:
        if audit.status not in SCORING_OPEN:
            raise AuditStateError(_("Deze audit is ingediend; u kunt niets meer wijzigen."))
        new_status = Audit.Status.IN_PROGRESS
    criteria = {c.pk: c for t in structure(audit.version) for c in t.criteria_list}
    for criterion_id, answer in given.items():
        criterion = criteria.get(criterion_id)
        if criterion is None or not criterion.answered_by_person:
            continue
        if answer.is_not_applicable and not criterion.allows_not_applicable:
            raise ServiceRefusal(
                _("'Niet van toepassing' mag niet bij: %(title)s") % {"title": criterion.title}
            )
        Answer.objects.update_or_create(
            audit=audit,
            criterion_id=criterion_id,
            source=source,
            defaults={
                "value": None if answer.is_not_applicable else answer.value,
                "is_not_applicable": answer.is_not_applicable,
                "comment": answer.comment,
                "updated_by": by,
            },
        )
    if audit.status != new_status:
        kind = (
            AuditEvent.Kind.SELF_ASSESSMENT
            if new_status == Audit.Status.SELF_ASSESSMENT
            else AuditEvent.Kind.STARTED
        )
        audit.status = new_status
        audit.save(update_fields=["status"])
        AuditEvent.objects.create(audit=audit, kind=kind, by=by)
    return audit


@transaction.atomic
def submit(audit, *, by):
    """Lock the auditor's answers: every criterion answered (or n.v.t.), derived values
    frozen as they are today."""
    audit = _locked(audit)
    if audit.status not in SCORING_OPEN:
        raise AuditStateError(_("Deze audit is al ingediend."))
    themes = structure(audit.version)
    result = scoring.score_audit(audit, themes=themes)
    if result.unanswered:
        raise AuditStateError(
            _("Nog niet alle criteria zijn beantwoord: %(titles)s")
            % {"titles": "; ".join(c.criterion.title for c in result.unanswered)}
        )
    for theme in result.themes:
        for item in theme.criteria:
            if isinstance(item.criterion, DerivedCriterion):
                Answer.objects.update_or_create(
                    audit=audit,
                    criterion=item.criterion,
                    source=Answer.Source.AUDITOR,
                    defaults={"value": item.value, "is_not_applicable": False, "updated_by": by},
                )
    audit.status = Audit.Status.SUBMITTED
    audit.submitted_at = timezone.now()
    audit.sent_back_reason = ""
    audit.save(update_fields=["status", "submitted_at", "sent_back_reason"])
    AuditEvent.objects.create(audit=audit, kind=AuditEvent.Kind.SUBMITTED, by=by)
    return audit


@transaction.atomic
def send_back(audit, *, by, reason):
    """A reviewer sends a submitted audit back to the auditors, with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceRefusal({"reason": _("Geef een reden op waarom u de audit terugstuurt.")})
    audit = _locked(audit)
    if audit.status != Audit.Status.SUBMITTED:
        raise AuditStateError(_("Alleen een ingediende audit kan worden teruggestuurd."))
    audit.status = Audit.Status.IN_PROGRESS
    audit.sent_back_reason = reason
    audit.save(update_fields=["status", "sent_back_reason"])
    AuditEvent.objects.create(audit=audit, kind=AuditEvent.Kind.SENT_BACK, by=by, reason=reason)
    _tell(
        audit.auditors.all(),
        _("Audit teruggestuurd: %(location)s") % {"location": audit.location.name},
        _("De beoordelaar heeft de audit teruggestuurd. Reden: %(reason)s") % {"reason": reason},
        "audit_sent_back",
    )
    return audit


@transaction.atomic
def approve(audit, *, by, notify=True):
    """A national reviewer approves a submitted audit: scores are stored, the audit becomes
    the location's latest, the coordinators are told the report is ready."""
    audit = _locked(audit)
    if audit.status != Audit.Status.SUBMITTED:
        raise AuditStateError(_("Alleen een ingediende audit kan worden goedgekeurd."))
    Audit.objects.filter(location_id=audit.location_id, is_latest=True).update(is_latest=False)
    audit.status = Audit.Status.APPROVED
    audit.approved_at = timezone.now()
    audit.approved_by = by
    audit.is_latest = True
    result = results.current_result(audit)
    audit.score = result.score
    audit.outcome = result.outcome
    audit.revision_number = 0
    audit.save()
    results.store(audit, result)
    AuditEvent.objects.create(audit=audit, kind=AuditEvent.Kind.APPROVED, by=by)
    _tell(
        coordinators_of(audit.location) if notify else (),
        _("Auditrapport klaar: %(location)s") % {"location": audit.location.name},
        _("Het rapport van de kwaliteitsaudit van %(location)s is goedgekeurd en staat klaar.")
        % {"location": audit.location.name},
        "audit_approved",
    )
    return audit


@transaction.atomic
def correct(audit, *, by, reason, changes):
    """Correct an approved audit: a new revision with author, time, reason and the corrected
    answers ({criterion key: {"value", "is_not_applicable", "comment"}}). The audit row and
    its original answers stay as approved."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceRefusal({"reason": _("Geef een reden voor de correctie.")})
    audit = _locked(audit)
    if not audit.is_approved:
        raise AuditStateError(
            _("Alleen een goedgekeurde audit wordt met een revisie gecorrigeerd.")
        )
    themes = structure(audit.version)
    keys = {c.key for t in themes for c in t.criteria_list}
    unknown = set(changes) - keys
    if unknown:
        raise ServiceRefusal(
            _("Onbekende criteria: %(keys)s") % {"keys": ", ".join(sorted(unknown))}
        )
    previous = audit.revisions.order_by("-number").first()
    merged = dict(previous.changes if previous else {})
    merged.update(
        {
            key: {k: str(v) if k == "value" and v is not None else v for k, v in change.items()}
            for key, change in changes.items()
        }
    )
    before = results.current_result(audit, themes=themes)
    revision = AuditRevision(
        audit=audit,
        number=(previous.number + 1 if previous else 1),
        author=by,
        reason=reason,
        changes=merged,
        score_before=before.score,
        outcome_before=before.outcome,
    )
    revision.save()
    result = results.current_result(audit, themes=themes)
    AuditRevision.objects.filter(pk=revision.pk).update(score=result.score, outcome=result.outcome)
    revision.score, revision.outcome = result.score, result.outcome
    results.store(audit, result)
    AuditEvent.objects.create(audit=audit, kind=AuditEvent.Kind.CORRECTED, by=by, reason=reason)
    return revision


def add_finding(audit, *, kind, text, theme_key=""):
    """A finding of the auditor (refused once the audit is approved)."""
    text = (text or "").strip()
    if not text:
        raise ServiceRefusal({"text": _("Beschrijf de bevinding.")})
    if audit.status in (Audit.Status.SUBMITTED, Audit.Status.APPROVED):
        raise AuditStateError(_("Deze audit is ingediend; u kunt geen bevindingen meer toevoegen."))
    return Finding.objects.create(audit=audit, kind=kind, text=text, theme_key=theme_key)


def add_action(audit, *, description, due_date, owner=None, finding=None):
    """An improvement action agreed during the audit."""
    if audit.status in (Audit.Status.SUBMITTED, Audit.Status.APPROVED):
        raise AuditStateError(_("Deze audit is ingediend; u kunt geen acties meer toevoegen."))
    return ImprovementAction.objects.create(
        audit=audit, description=description, due_date=due_date, owner=owner, finding=finding
    )


@transaction.atomic
def update_action(action, *, status, fix_evidence=""):
    """The library reports progress on an action; done needs evidence of the fix."""
    if status == ImprovementAction.Status.DONE and not (fix_evidence or "").strip():
        raise ServiceRefusal({"fix_evidence": _("Beschrijf hoe het verbeterd is.")})
    action.status = status
    action.fix_evidence = fix_evidence
    done = status == ImprovementAction.Status.DONE
    action.completed_at = (action.completed_at or timezone.now()) if done else None
    action.save(update_fields=["status", "fix_evidence", "completed_at"])
    return action


def previous_audit(audit):
    """The location's approved audit before this one, if any."""
    return (
        Audit.objects.filter(
            location_id=audit.location_id,
            status=Audit.Status.APPROVED,
            planned_for__lt=audit.planned_for,
        )
        .exclude(pk=audit.pk)
        .order_by("-planned_for", "-pk")
        .first()
    )


def open_actions_of_previous(audit):
    """The open improvement actions of the location's previous audit."""
    previous = previous_audit(audit)
    if previous is None:
        return []
    return list(
        previous.actions.exclude(status=ImprovementAction.Status.DONE).select_related("owner")
    )
