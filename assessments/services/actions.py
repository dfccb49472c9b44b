"""Reminders for improvement actions: to the owner a week before the due date, to the
location's coordinators once an action is overdue. Each reminder is sent once (the date
it went out is stored on the action in the same transaction), so the daily task may run
twice without telling anyone twice.

A reminder that finds nobody with an e-mail address (an owner without one falls back to
the coordinators) is not stamped as sent: it is recorded once as a failed message in the
outbox ("could not be delivered", visible to the national role) and the action stays due,
so the next daily run sends it as soon as someone has an address."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import ImprovementAction
from assessments.services.audits import _tell, coordinators_of
from ido_platform.core import outbox

REMIND_DAYS_BEFORE = 7


def _deliver(action, recipients, subject, body, kind, *, sent_field, undeliverable_field, today):
    """Send to ``recipients``; stamp ``sent_field`` only when a message was queued. Returns
    True when sent."""
    if _tell(recipients, subject, body, kind):
        setattr(action, sent_field, today)
        action.save(update_fields=[sent_field])
        return True
    if getattr(action, undeliverable_field) is None:
        outbox.record_undeliverable(
            subject=subject,
            body=body,
            kind=kind,
            reason=_(
                "Niet bezorgd: niemand bij %(location)s heeft een e-mailadres. Het platform "
                "probeert het elke dag opnieuw."
            )
            % {"location": action.audit.location.name},
        )
        setattr(action, undeliverable_field, today)
        action.save(update_fields=[undeliverable_field])
    return False


@transaction.atomic
def send_action_reminders(today=None):
    """Queue due-soon reminders and overdue notices; returns (reminders, overdue notices)
    sent."""
    today = today or timezone.localdate()
    open_actions = ImprovementAction.objects.select_for_update(of=("self",)).exclude(
        status=ImprovementAction.Status.DONE
    )
    due_soon = open_actions.filter(
        reminder_sent_on__isnull=True,
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
    ).select_related("owner", "audit__location")
    reminders = 0
    for action in due_soon:
        recipients = (
            [action.owner]
            if action.owner and action.owner.email
            else list(coordinators_of(action.audit.location))
        )
        reminders += _deliver(
            action,
            recipients,
            _("Herinnering: verbeteractie klaar op %(date)s")
            % {"date": f"{action.due_date:%d-%m-%Y}"},
            _(
                "De verbeteractie '%(action)s' voor %(location)s moet klaar zijn op %(date)s. "
                "Zet de status op afgerond en beschrijf wat er verbeterd is."
            )
            % {
                "action": action.description,
                "location": action.audit.location.name,
                "date": f"{action.due_date:%d-%m-%Y}",
            },
            "action_reminder",
            sent_field="reminder_sent_on",
            undeliverable_field="reminder_undeliverable_on",
            today=today,
        )
    overdue = open_actions.filter(
        overdue_notice_sent_on__isnull=True, due_date__lt=today
    ).select_related("audit__location")
    notices = 0
    for action in overdue:
        notices += _deliver(
            action,
            coordinators_of(action.audit.location),
            _("Verbeteractie te laat: %(location)s") % {"location": action.audit.location.name},
            _("De verbeteractie '%(action)s' had klaar moeten zijn op %(date)s en staat nog open.")
            % {"action": action.description, "date": f"{action.due_date:%d-%m-%Y}"},
            "action_overdue",
            sent_field="overdue_notice_sent_on",
            undeliverable_field="overdue_notice_undeliverable_on",
            today=today,
        )
    return reminders, notices
