"""The outbox (invariant 4): written with the change, delivered after commit, never lost
when the broker is down, never sent twice."""

from datetime import timedelta
from unittest import mock

import pytest

from django.core import mail
from django.db import transaction
from django.utils import timezone

from ido_platform.core import outbox
from ido_platform.core.models import Message
from ido_platform.core.tasks import deliver_message

pytestmark = pytest.mark.django_db


def queue(**overrides):
    fields = {"recipient": "a@example.org", "subject": "Onderwerp", "body": "Tekst", "kind": "test"}
    return outbox.queue_message(**{**fields, **overrides})


def test_message_is_delivered_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = queue()
    assert len(callbacks) == 1
    assert mail.outbox == []
    callbacks[0]()
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert mail.outbox[0].to == ["a@example.org"]


def test_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                queue()
                raise RuntimeError("de wijziging mislukt")
        except RuntimeError:
            pass
    assert Message.objects.count() == 0
    assert mail.outbox == []


def test_a_subject_longer_than_its_column_is_shortened_not_refused():
    # PostgreSQL refuses a value longer than a varchar column; SQLite would store it whole.
    title = "Klik & Tik " * 30
    message = outbox.queue_message(
        recipient="a@example.org", subject=f"Aangemeld: {title}", body="Tekst", kind="test"
    )
    message.refresh_from_db()
    assert len(message.subject) == outbox.SUBJECT_LENGTH == 200
    assert message.subject.startswith("Aangemeld: Klik & Tik") and message.subject.endswith("…")


def test_attachment_travels_with_the_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue(
            attachments=[
                {"filename": "les.ics", "content": "BEGIN:VCALENDAR", "mimetype": "text/calendar"}
            ]
        )
    assert mail.outbox[0].attachments[0][0] == "les.ics"


def test_broker_down_keeps_the_change_and_the_sweep_delivers_later(
    django_capture_on_commit_callbacks,
):
    broker_down = mock.patch.object(
        deliver_message, "delay", side_effect=ConnectionError("broker weg")
    )
    with broker_down, django_capture_on_commit_callbacks(execute=True):
        message = queue()
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING
    assert mail.outbox == []
    assert outbox.deliver_pending() == 0  # the publish may still be on its way
    Message.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(minutes=2),
        next_attempt_at=timezone.now() - timedelta(minutes=1, seconds=30),
    )
    assert outbox.deliver_pending() == 1
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert len(mail.outbox) == 1


def test_mail_server_down_retries_with_backoff_then_gives_up(settings):
    settings.OUTBOX_RETRY_BASE, settings.OUTBOX_RETRY_MAX = 60, 600
    settings.OUTBOX_RETRY_WINDOW = 20 * 60
    message = queue()
    down = mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=OSError("smtp weg"),
    )
    waits = []
    with down:
        while True:
            before = timezone.now()
            assert outbox.deliver(message.pk) is False
            message.refresh_from_db()
            if message.status == Message.Status.FAILED:
                break
            assert message.status == Message.Status.PENDING and "smtp weg" in message.last_error
            waits.append(round((message.next_attempt_at - before).total_seconds() / 60))
            # Time passes until the next attempt is due.
            Message.objects.filter(pk=message.pk).update(
                created_at=message.created_at - (message.next_attempt_at - before),
                retry_until=message.retry_until - (message.next_attempt_at - before),
            )
    assert waits == [1, 2, 4, 8]  # the fifth wait (10 minutes) would pass retry_until
    assert message.attempts == 5 and message.next_attempt_at is None


def test_a_delivered_message_is_not_sent_again():
    message = Message.objects.create(
        channel="email", recipient="a@example.org", subject="s", body="b", kind="t"
    )
    assert outbox.deliver(message.pk) is True
    assert outbox.deliver(message.pk) is False
    assert len(mail.outbox) == 1


def test_a_message_left_half_sent_by_a_dead_worker_is_flagged_not_resent():
    message = Message.objects.create(
        channel="email",
        recipient="a@example.org",
        subject="s",
        body="b",
        kind="t",
        status=Message.Status.SENDING,
        claimed_at=timezone.now() - timedelta(hours=1),
        attempts=1,
    )
    outbox.deliver_pending()
    message.refresh_from_db()
    assert message.status == Message.Status.INTERRUPTED
    assert "controleer" in message.last_error
    assert mail.outbox == []


def test_task_payload_survives_a_json_round_trip():
    from kombu.utils.json import dumps, loads

    loaded = loads(dumps(deliver_message.s(123)))
    assert loaded["task"] == "ido_platform.tasks.deliver_message"
    assert loaded["args"] == [123]
