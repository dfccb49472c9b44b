"""Which messages to participants did not arrive, for the coordinator's participant list.

Every course message is linked to its enrolment in the outbox (``Message.regarding``), so
the list can say who did not get a confirmation (or another message) and offer to send it
again. The outbox decides what may be resent: a message that went out, or that a worker is
sending right now, never is.
"""

from django.contrib.contenttypes.models import ContentType

from courses.runs.models import Enrolment
from ido_platform.core import outbox
from ido_platform.core.models import Message


def undelivered(enrolments):
    """``{enrolment id: [messages not (yet) delivered, oldest first]}`` for ``enrolments``,
    in one query."""
    ids = [enrolment.pk for enrolment in enrolments]
    messages = (
        Message.objects.filter(
            regarding_type=ContentType.objects.get_for_model(Enrolment), regarding_id__in=ids
        )
        .exclude(status=Message.Status.SENT)
        .only(
            "pk",
            "kind",
            "subject",
            "status",
            "attempts",
            "next_attempt_at",
            "regarding_id",
            "channel",
            "created_at",
            "claimed_at",
        )
        .order_by("created_at", "pk")
    )
    found = {}
    for message in messages:
        found.setdefault(message.regarding_id, []).append(message)
    return found


def resend(enrolment, message_id):
    """Send one message about ``enrolment`` again. False when there is no such message
    about this enrolment, or when it went out or is being sent."""
    message = outbox.regarding(enrolment).filter(pk=message_id).first()
    if message is None or enrolment.anonymised_at:
        return False
    return outbox.resend(message)
