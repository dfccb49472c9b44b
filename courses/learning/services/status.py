"""The status of one employee in one module, as the dashboards and the catalogue show it."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Niet begonnen")
    IN_PROGRESS = "in_progress", _("Bezig")
    COMPLETED = "completed", _("Afgerond")
    EXPIRING = "expiring", _("Verloopt binnenkort")
    EXPIRED = "expired", _("Verlopen")


def expiring_window():
    return datetime.timedelta(days=settings.LEARNING_EXPIRING_DAYS)


def today():
    return timezone.localdate()


def add_months(day, months):
    """The same day ``months`` later (the last day of the month when it does not exist)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def status_of(*, completed, valid_until, started, on=None):
    """``completed``: has any completion; ``valid_until``: the latest expiry (None = never)."""
    on = on or today()
    if completed:
        if valid_until is None:
            return Status.COMPLETED
        if valid_until < on:
            return Status.EXPIRED
        if valid_until <= on + expiring_window():
            return Status.EXPIRING
        return Status.COMPLETED
    return Status.IN_PROGRESS if started else Status.NOT_STARTED
