"""The visitors' impact questionnaire: anonymous answers linked to a location and a week."""

import datetime

from django.utils import timezone

from questions.models import ImpactResponse


def week_of(day):
    """The Monday of ``day``'s week: the only time an answer keeps."""
    return day - datetime.timedelta(days=day.weekday())


def record(location, *, answered, knows_next_step, would_return, rating, today=None):
    """Store one visitor's answers. No time, no visit, no person: location and week only."""
    return ImpactResponse.objects.create(
        location=location,
        week=week_of(today or timezone.localdate()),
        answered=answered,
        knows_next_step=knows_next_step,
        would_return=would_return,
        rating=rating,
    )
