"""Refreshers: remind an employee before a completion expires (and once when it has
expired), and send coordinators a periodic digest of who is expiring or overdue. Both are
idempotent: a unique row per reminder (per completion and kind) and per digest (per
coordinator, organisation and ISO week) is written in the same transaction as the message."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from courses.learning.models import Completion, DigestSent, ReminderSent
from courses.learning.rules import STAFF_ROLES
from ido_platform.core import formatting, outbox
from ido_platform.core.models import Membership, Role

from .status import today


def reminder_days():
    return datetime.timedelta(days=settings.LEARNING_REMINDER_DAYS)


def current_completions():
    """Each employee's newest completion per module (older ones were renewed)."""
    newest = (
        Completion.objects.filter(user_id=OuterRef("user_id"), module_id=OuterRef("module_id"))
        .order_by("-completed_at", "-pk")
        .values("pk")[:1]
    )
    return Completion.objects.filter(pk=Subquery(newest), valid_until__isnull=False)


def _remind(completion, kind, subject, body):
    try:
        with transaction.atomic():
            ReminderSent.objects.create(completion=completion, kind=kind)
            outbox.queue_message(
                recipient=completion.user.email,
                subject=subject,
                body=body,
                kind=f"learning.reminder.{kind}",
            )
    except IntegrityError:  # a parallel run sent it first
        return False
    return True


def send_expiry_reminders(*, on=None):
    """Remind employees whose module expires within the reminder window, and once more when it
    has expired. Never the same reminder twice. Returns the number queued."""
    on = on or today()
    sent = 0
    candidates = (
        current_completions()
        .filter(valid_until__lte=on + reminder_days())
        .exclude(user__email="")
        .select_related("user", "module")
    )
    expiring = candidates.filter(valid_until__gte=on).exclude(
        reminders__kind=ReminderSent.Kind.EXPIRING
    )
    for completion in expiring:
        sent += _remind(
            completion,
            ReminderSent.Kind.EXPIRING,
            _("Je module %(module)s verloopt binnenkort") % {"module": completion.module.title},
            _(
                "Je afronding van %(module)s is geldig tot %(date)s. Doe de opfrisser op tijd: "
                "maak de toets opnieuw in de trainingscatalogus."
            )
            % {"module": completion.module.title, "date": completion.valid_until.isoformat()},
        )
    expired = candidates.filter(valid_until__lt=on).exclude(
        reminders__kind=ReminderSent.Kind.EXPIRED
    )
    for completion in expired:
        sent += _remind(
            completion,
            ReminderSent.Kind.EXPIRED,
            _("Je module %(module)s is verlopen") % {"module": completion.module.title},
            _(
                "Je afronding van %(module)s was geldig tot %(date)s en is nu verlopen. Maak "
                "de toets opnieuw in de trainingscatalogus om weer bij te zijn."
            )
            % {"module": completion.module.title, "date": completion.valid_until.isoformat()},
        )
    return sent


def period_of(day):
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def overdue_and_expiring(organisation, *, on):
    """The organisation's staff with a completion that expires within the window or has
    expired, newest completion per module only."""
    staff = Membership.objects.filter(organisation=organisation, role__in=STAFF_ROLES).values(
        "user_id"
    )
    return list(
        current_completions()
        .filter(user_id__in=staff, valid_until__lte=on + reminder_days() * 2)
        .select_related("user", "module")
        .order_by("valid_until")
    )


def send_coordinator_digests(*, on=None):
    """One digest per coordinator, organisation and ISO week, listing who is expiring or
    overdue; nothing is sent when there is nothing to report. Returns the number queued."""
    on = on or today()
    period = period_of(on)
    sent = 0
    coordinators = (
        Membership.objects.filter(role=Role.COORDINATOR)
        .exclude(user__email="")
        .select_related("user", "organisation")
    )
    already = set(
        DigestSent.objects.filter(period=period).values_list("user_id", "organisation_id")
    )
    lists = {}
    for membership in coordinators:
        if (membership.user_id, membership.organisation_id) in already:
            continue
        if membership.organisation_id not in lists:
            lists[membership.organisation_id] = overdue_and_expiring(membership.organisation, on=on)
        items = lists[membership.organisation_id]
        if not items:
            continue
        lines = []
        for completion in items:
            state = _("verlopen op") if completion.valid_until < on else _("verloopt op")
            name = formatting.person_name(completion.user)
            until = completion.valid_until.isoformat()
            lines.append(f"- {name}: {completion.module.title} ({state} {until})")
        body = "\n".join(
            [
                _("Overzicht van de trainingen in %(organisation)s die verlopen of verlopen zijn:")
                % {"organisation": membership.organisation.name},
                "",
                *lines,
                "",
                _("Bekijk het teamoverzicht voor alle details."),
            ]
        )
        try:
            with transaction.atomic():
                DigestSent.objects.create(
                    user=membership.user, organisation=membership.organisation, period=period
                )
                outbox.queue_message(
                    recipient=membership.user.email,
                    subject=_("Trainingen die verlopen: %(organisation)s")
                    % {"organisation": membership.organisation.name},
                    body=body,
                    kind="learning.digest",
                )
        except IntegrityError:
            continue
        sent += 1
    return sent
