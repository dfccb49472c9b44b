"""Reminders for improvement actions: to the owner a week before the due date, to the
location's coordinators once an action is overdue. Each reminder is sent once (the date
it went out is stored on the action in the same transaction), so the daily task may run
twice without telling anyone twice."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import ImprovementAction
from assessments.services.audits import _tell, coordinators_of

REMIND_DAYS_BEFORE = 7


@transaction.atomic
def send_action_reminders(today=None):
    """Queue due-soon reminders and overdue notices; returns (reminders, overdue notices)."""
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
            [action.owner] if action.owner else list(coordinators_of(action.audit.location))
        )
        _tell(
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
        )
        action.reminder_sent_on = today
        action.save(update_fields=["reminder_sent_on"])
        reminders += 1
    overdue = open_actions.filter(
        overdue_notice_sent_on__isnull=True, due_date__lt=today
    ).select_related("audit__location")
    notices = 0
    for action in overdue:
        _tell(
            coordinators_of(action.audit.location),
            _("Verbeteractie te laat: %(location)s") % {"location": action.audit.location.name},
            _("De verbeteractie '%(action)s' had klaar moeten zijn op %(date)s en staat nog open.")
            % {"action": action.description, "date": f"{action.due_date:%d-%m-%Y}"},
            "action_overdue",
        )
        action.overdue_notice_sent_on = today
        action.save(update_fields=["overdue_notice_sent_on"])
        notices += 1
    return reminders, notices
