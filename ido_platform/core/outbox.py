"""The outbox: write a message in the caller's transaction, deliver it after commit.

A message is claimed (status "sending") in its own short transaction before the channel is
called, so two workers never send the same row. A delivery that fails is retried with
exponential backoff (``next_attempt_at``: OUTBOX_RETRY_BASE doubling to OUTBOX_RETRY_MAX)
until ``retry_until`` (OUTBOX_RETRY_WINDOW after queueing, at least a day); then it is
"failed" and a person resends it (``resend``: the Wagtail admin for the national role, the
participant list for the run's coordinator). A message that can never go out (an SMS to a
landline) fails at once.

A row that stays "sending" longer than OUTBOX_STALE_SENDING_AFTER belongs to a worker that
died mid-send (the hard task time limit is shorter). E-mail: we cannot know whether it went
out, so it becomes "interrupted" for a person to check and resend, never sent twice on its
own. SMS: the gateway deduplicates on the message reference (its uuid), so it is simply
sent again with the same reference.
"""

import logging
import smtplib
import socket
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator

from ido_platform.core import sms
from ido_platform.core.models import Message

logger = logging.getLogger(__name__)

PENDING_GRACE = timedelta(seconds=30)
# Channels whose transport deduplicates on the message's uuid: safe to send again after a
# worker died mid-send.
DEDUPLICATING_CHANNELS = {Message.Channel.SMS}


class EmailChannel:
    def send(self, message):
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            headers={"X-IDO-Message-ID": str(message.uuid)},
        )
        for attachment in message.attachments:
            email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
        email.send(fail_silently=False)


class Undeliverable(Exception):
    """A message that no retry can deliver: it is marked failed at the first attempt."""


class SmsChannel:
    """Texts the recipient's mobile number (E.164) through ``settings.SMS_BACKEND``."""

    def send(self, message):
        try:
            number = sms.mobile_number(message.recipient)
        except sms.NotAMobileNumber as error:
            raise Undeliverable(str(error)) from None
        sms.send(number, message.body, message_id=message.uuid)


SUBJECT_LENGTH = Message._meta.get_field("subject").max_length
CHANNELS = {Message.Channel.EMAIL: EmailChannel(), Message.Channel.SMS: SmsChannel()}


def queue_message(
    *,
    recipient,
    subject,
    body,
    kind,
    channel=Message.Channel.EMAIL,
    attachments=(),
    regarding=None,
):
    """Write a message in the current transaction; a worker sends it after commit. A subject
    longer than the column (a long course or module title in it) is shortened with "…"
    rather than failing the enrolment that queues it. ``regarding`` is the object the
    message is about (an enrolment), so its page can show a message that did not arrive."""
    from ido_platform.core.tasks import deliver_message

    now = timezone.now()
    message = Message.objects.create(
        channel=channel,
        recipient=recipient,
        subject=Truncator(subject).chars(SUBJECT_LENGTH),
        body=body,
        kind=kind,
        attachments=list(attachments),
        next_attempt_at=now + PENDING_GRACE,
        retry_until=now + retry_window(),
        regarding_type=ContentType.objects.get_for_model(regarding) if regarding else None,
        regarding_id=regarding.pk if regarding else None,
    )
    publish_on_commit(deliver_message, message.pk)
    return message


def regarding(obj):
    """The messages about ``obj`` (see queue_message), newest first."""
    return Message.objects.filter(
        regarding_type=ContentType.objects.get_for_model(obj), regarding_id=obj.pk
    )


def retry_window():
    return timedelta(seconds=settings.OUTBOX_RETRY_WINDOW)


def backoff(attempts):
    """How long to wait after the ``attempts``-th failed attempt: OUTBOX_RETRY_BASE,
    doubling each time, at most OUTBOX_RETRY_MAX."""
    exponent = min(max(attempts - 1, 0), 30)
    return timedelta(
        seconds=min(settings.OUTBOX_RETRY_BASE * 2**exponent, settings.OUTBOX_RETRY_MAX)
    )


def record_undeliverable(*, subject, body, kind, reason):
    """A message that has nobody to go to (no address known): written as a failed row, so
    the national role sees it in the outbox ("mislukt", with the reason) like any message
    that could not be delivered. The caller keeps its own work open to retry it."""
    return Message.objects.create(
        channel=Message.Channel.EMAIL,
        recipient="",
        subject=Truncator(subject).chars(SUBJECT_LENGTH),
        body=body,
        kind=kind,
        status=Message.Status.FAILED,
        last_error=reason,
    )


def publish_on_commit(task, *args):
    """Publish a task after commit. If the broker is down the request still succeeds: the
    periodic sweep (deliver_pending) picks the work up later."""

    def publish():
        try:
            task.delay(*args)
        except Exception:  # noqa: BLE001 — any broker failure must not reach the user
            logger.warning(
                "Could not publish %s%r; the sweep will retry", task.name, args, exc_info=True
            )

    transaction.on_commit(publish)


def claim(message_id):
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=Message.Status.PENDING)
            .first()
        )
        if message is None:
            return None
        message.status = Message.Status.SENDING
        message.claimed_at = timezone.now()
        message.attempts += 1
        message.save(update_fields=["status", "claimed_at", "attempts"])
        return message


class DeliveryFailed(Exception):
    """Raised by deliver(raise_transport_errors=True): the channel's transport failed."""


def deliver(message_id, *, raise_transport_errors=False):
    """Send one pending message. Returns True when it went out. A failure schedules the
    next attempt (exponential backoff) or, past ``retry_until``, marks it failed. With
    ``raise_transport_errors`` a failure raises DeliveryFailed after it is recorded, so the
    sweep can stop using a channel whose relay is down."""
    message = claim(message_id)
    if message is None:
        return False
    try:
        CHANNELS[message.channel].send(message)
    except SoftTimeLimitExceeded:
        # The task ran out of time (a relay that trickles): hand the message back and let
        # the worker end the task, so the next sweep can run.
        _record_failure(message, "De verzending duurde te lang (tijdslimiet van de taak).")
        raise
    except Exception as error:  # noqa: BLE001 — a channel may fail in many ways; we retry
        _record_failure(message, error)
        if raise_transport_errors and is_outage(error):
            raise DeliveryFailed(message.channel) from error
        return False
    message.status = Message.Status.SENT
    message.sent_at = timezone.now()
    message.save(update_fields=["status", "sent_at"])
    return True


# Errors that say the transport itself is down or hangs, not that this one message is bad.
OUTAGE_ERRORS = (
    TimeoutError,
    ConnectionError,
    socket.gaierror,
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
    sms.GatewayUnavailable,
)


def is_outage(error):
    reason = getattr(error, "reason", None)  # urllib wraps socket errors in URLError
    return isinstance(error, OUTAGE_ERRORS) or isinstance(reason, OUTAGE_ERRORS)


def _record_failure(message, error):
    now = timezone.now()
    retry_until = message.retry_until or message.created_at + retry_window()
    next_attempt_at = now + backoff(message.attempts)
    give_up = isinstance(error, Undeliverable) or next_attempt_at > retry_until
    message.status = Message.Status.FAILED if give_up else Message.Status.PENDING
    message.next_attempt_at = None if give_up else next_attempt_at
    message.last_error = str(error)[:2000]
    message.save(update_fields=["status", "last_error", "next_attempt_at"])
    logger.warning(
        "Message %s not delivered (attempt %s%s): %s",
        message.pk,
        message.attempts,
        ", giving up" if give_up else f", next at {next_attempt_at:%Y-%m-%d %H:%M:%S}",
        error,
    )


def resend(message):
    """A person sends a message again (failed, interrupted, or still waiting for its next
    attempt): it is due at once, gets a fresh retry window, and a worker picks it up after
    commit. Returns False for a message that went out or that a worker is sending now."""
    from ido_platform.core.tasks import deliver_message

    now = timezone.now()
    updated = Message.objects.filter(pk=message.pk, status__in=Message.RESENDABLE).update(
        status=Message.Status.PENDING, next_attempt_at=now, retry_until=now + retry_window()
    )
    if updated:
        logger.info("Message %s queued again by hand", message.pk)
        publish_on_commit(deliver_message, message.pk)
    return bool(updated)


def recover_interrupted(now=None):
    """Messages a dead worker left "sending": SMS goes back to pending (the gateway drops a
    repeat with the same reference); anything else becomes "interrupted" for a person."""
    now = now or timezone.now()
    stale = Message.objects.filter(
        status=Message.Status.SENDING,
        claimed_at__lt=now - timedelta(seconds=settings.OUTBOX_STALE_SENDING_AFTER),
    )
    stale.filter(channel__in=DEDUPLICATING_CHANNELS).update(
        status=Message.Status.PENDING, next_attempt_at=now
    )
    stale.exclude(channel__in=DEDUPLICATING_CHANNELS).update(
        status=Message.Status.INTERRUPTED,
        next_attempt_at=None,
        last_error="Verzending onderbroken; controleer of het bericht is aangekomen.",
    )


def due(now=None):
    """Pending messages whose next attempt has come."""
    now = now or timezone.now()
    return Message.objects.filter(status=Message.Status.PENDING).filter(
        Q(next_attempt_at__lte=now)
        | Q(next_attempt_at__isnull=True, created_at__lt=now - PENDING_GRACE)
    )


def deliver_pending(limit=500):
    """The sweep: deliver what is due (the after-commit publish was missed, or a retry has
    come) and recover messages a dead worker left half-sent. Once a channel's transport
    fails (the relay is down or hangs) the sweep leaves that channel's other messages for
    the next sweep, so one outage costs one timeout per sweep, not one per message."""
    recover_interrupted()
    due_ids = list(due().order_by("next_attempt_at", "pk").values_list("pk", "channel")[:limit])
    broken, delivered = set(), 0
    for message_id, channel in due_ids:
        if channel in broken:
            continue
        try:
            delivered += deliver(message_id, raise_transport_errors=True)
        except DeliveryFailed:
            broken.add(channel)
    return delivered
