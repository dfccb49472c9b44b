"""E-mail reminders to a library's coordinators before an accountability deadline, through
the outbox. A REMINDED event per application makes the sweep idempotent."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.models import Application, ApplicationEvent
from funding.services.applications import _tell_library

DAYS_AHEAD = 14


def send_accountability_reminders(*, today=None):
    """Remind every granted application whose deadline is within DAYS_AHEAD days, once."""
    today = today or timezone.localdate()
    due = (
        Application.objects.filter(
            status=Application.Status.GRANTED,
            round__accountability_due__gte=today,
            round__accountability_due__lte=today + datetime.timedelta(days=DAYS_AHEAD),
        )
        .exclude(events__kind=ApplicationEvent.Kind.REMINDED)
        .select_related("round", "organisation")
    )
    sent = 0
    for application in due:
        with transaction.atomic():
            locked = Application.objects.select_for_update().get(pk=application.pk)
            if locked.events.filter(kind=ApplicationEvent.Kind.REMINDED).exists():
                continue
            _tell_library(
                application,
                _("Herinnering: verantwoording %(round)s") % {"round": application.round.name},
                _(
                    "Verantwoord uw subsidie uiterlijk %(date)s op het platform, onder Subsidie. "
                    "Het platform heeft de cijfers al ingevuld; u voegt een toelichting toe."
                )
                % {"date": application.round.accountability_due.strftime("%d-%m-%Y")},
                "funding.accountability_reminder",
            )
            ApplicationEvent.objects.create(
                application=locked, kind=ApplicationEvent.Kind.REMINDED, at=timezone.now()
            )
            sent += 1
    return sent
