"""Attendance per meeting, marked by the coordinator on a tablet."""

from django.db import transaction

from courses.runs.models import Attendance, Enrolment


def participants(run):
    """The people with a seat in the run, in order of arrival."""
    return (
        run.enrolments.filter(status__in=Enrolment.SEAT_STATUSES)
        .select_related("user", "companion_of")
        .order_by("arrival")
    )


def mark(meeting, presence, *, by=None):
    """Record who was present: ``presence`` maps enrolment ids to True/False. Ids that are
    not seated participants of the meeting's run are ignored. Returns the number recorded."""
    allowed = set(participants(meeting.run).values_list("pk", flat=True))
    recorded = 0
    with transaction.atomic():
        for enrolment_id, present in presence.items():
            if enrolment_id not in allowed:
                continue
            Attendance.objects.update_or_create(
                enrolment_id=enrolment_id,
                meeting=meeting,
                defaults={"present": bool(present), "marked_by": by},
            )
            recorded += 1
    return recorded


def register(run):
    """{(enrolment_id, meeting_id): present} for the whole run (one query)."""
    return {
        (row.enrolment_id, row.meeting_id): row.present
        for row in Attendance.objects.filter(meeting__run=run)
    }
