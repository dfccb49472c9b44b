"""Outages of the platform's dependencies, each injected: the health endpoint per
dependency, an SMTP outage longer than a day, a relay that hangs, a task over its time
limit, a worker killed mid-send, and the national role's resend in the Wagtail admin."""

import logging
import socket
import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from django.core import mail
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from ido_platform.celery_app import app as celery_app
from ido_platform.core import outbox
from ido_platform.core.cache import DegradingRedisCache
from ido_platform.core.models import Message, Role
from tests.redis_server import OwnRedis, free_port
from tests.services import reset_broker_pools

pytestmark = pytest.mark.django_db


def email(recipient="a@example.org", **fields):
    return Message.objects.create(
        channel=Message.Channel.EMAIL,
        recipient=recipient,
        subject="Aangemeld",
        body="Tekst",
        kind="test",
        next_attempt_at=timezone.now() - timedelta(seconds=1),
        **fields,
    )


def text(recipient="06 12 34 56 78", **fields):
    return Message.objects.create(
        channel=Message.Channel.SMS,
        recipient=recipient,
        subject="",
        body="Uw les is morgen.",
        kind="test",
        next_attempt_at=timezone.now() - timedelta(seconds=1),
        **fields,
    )


# --- The cache backend -------------------------------------------------------------------


def test_degrading_cache_turns_an_outage_into_misses_and_no_ops(caplog):
    cache = DegradingRedisCache(f"redis://127.0.0.1:{free_port()}/0", {})
    with caplog.at_level(logging.WARNING, logger="ido_platform.core.cache"):
        assert cache.get("a", "standaard") == "standaard"
        assert cache.set("a", 1) is None
        assert cache.add("a", 1) is False
        assert cache.incr("a") is None
        assert cache.delete("a") is False
        assert cache.get_many(["a", "b"]) == {}
        assert cache.set_many({"a": 1}) == ["a"]
    # One warning per outage window, not one per call.
    assert caplog.text.count("Cache unavailable") == 1


def test_degrading_cache_works_normally_and_recovers_after_an_outage(tmp_path):
    redis = OwnRedis(tmp_path).start()
    try:
        cache = DegradingRedisCache(redis.url, {"OPTIONS": {"socket_timeout": 0.5}})
        cache.set("sleutel", "waarde")
        assert cache.get("sleutel") == "waarde"
        redis.stop()
        assert cache.get("sleutel") is None
        redis.start()
        cache.ping()  # the health endpoint notices the recovery and ends the resting window
        cache.set("sleutel", "terug")
        assert cache.get("sleutel") == "terug"
    finally:
        redis.stop()


# --- Health --------------------------------------------------------------------------------


def test_health_reports_each_dependency(client):
    response = client.get("/gezondheid/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_health_answers_503_when_the_database_is_down(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("weg")):
        response = client.get("/gezondheid/")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["checks"]["database"] == "down"


def test_health_is_degraded_but_200_without_cache_and_503_when_strict(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "ido_platform.core.cache.DegradingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    response = client.get("/gezondheid/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "down", "broker": "ok"},
    }
    assert client.get("/gezondheid/?strict=1").status_code == 503


def test_health_reports_a_broker_that_is_down(client):
    saved = celery_app.conf.broker_url
    celery_app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
    reset_broker_pools()
    try:
        started = time.monotonic()
        response = client.get("/gezondheid/")
        assert time.monotonic() - started < 5
    finally:
        celery_app.conf.broker_url = saved
        reset_broker_pools()
    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "down"
    assert response.json()["status"] == "degraded"


# --- SMTP outage longer than the old retry window (8 attempts, a minute apart) ------------


class Clock:
    """timezone.now() under the test's control."""

    def __init__(self):
        self.now = timezone.now()

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


def test_an_smtp_outage_of_26_hours_loses_nothing_and_sends_each_message_once(settings):
    relay = {"up": False, "sent": []}

    class Relay:
        def __init__(self, *args, **kwargs):
            pass

        def send_messages(self, messages):
            if not relay["up"]:
                raise ConnectionRefusedError("Connection refused")
            relay["sent"].extend(message.to[0] for message in messages)
            return len(messages)

    settings.EMAIL_BACKEND = f"{__name__}.RelayBackend"
    clock = Clock()
    with mock.patch.object(timezone, "now", clock), mock.patch(f"{__name__}.RelayBackend", Relay):
        for number in range(5):
            outbox.queue_message(
                recipient=f"p{number}@example.org", subject="s", body="b", kind="test"
            )
        attempts_during_outage = 0
        while clock.now - Message.objects.earliest("created_at").created_at < timedelta(hours=26):
            clock.advance(minutes=5)
            outbox.deliver_pending()  # the beat's sweep
            attempts_during_outage += 1
        assert not Message.objects.filter(status=Message.Status.FAILED).exists()
        assert min(Message.objects.values_list("attempts", flat=True)) > 8  # the old limit
        relay["up"] = True
        for _sweep in range(13):  # an hour at most: the longest wait between attempts
            clock.advance(minutes=5)
            outbox.deliver_pending()
    assert sorted(relay["sent"]) == [f"p{number}@example.org" for number in range(5)]
    assert set(Message.objects.values_list("status", flat=True)) == {Message.Status.SENT}


class RelayBackend:  # replaced in the test above
    pass


def test_backoff_doubles_up_to_its_maximum(settings):
    settings.OUTBOX_RETRY_BASE, settings.OUTBOX_RETRY_MAX = 60, 3600
    waits = [outbox.backoff(attempt).total_seconds() / 60 for attempt in range(1, 10)]
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert settings.OUTBOX_RETRY_WINDOW >= 24 * 60 * 60


# --- A relay that hangs ----------------------------------------------------------------------


@pytest.fixture
def hanging_relay():
    """A TCP server that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted, stop = [], threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def test_a_hanging_relay_costs_the_sweep_one_timeout_and_texts_still_go_out(
    settings, hanging_relay, sms_outbox
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", hanging_relay
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 0.5
    first, second, third = email("a@example.org"), email("b@example.org"), email("c@example.org")
    sms = text()
    started = time.monotonic()
    assert outbox.deliver_pending() == 1
    assert time.monotonic() - started < 1.4  # one timeout of 0.5 s, not three
    assert [t.reference for t in sms_outbox] == [str(sms.uuid)]
    first.refresh_from_db()
    assert (first.status, first.attempts) == (Message.Status.PENDING, 1)
    assert first.next_attempt_at > timezone.now()
    assert "timed out" in first.last_error
    for untouched in (second, third):  # left for the next sweep, not failed
        untouched.refresh_from_db()
        assert (untouched.status, untouched.attempts) == (Message.Status.PENDING, 0)


def test_a_delivery_over_the_soft_time_limit_hands_the_message_back(settings):
    message = email()
    with (
        mock.patch.object(outbox.EmailChannel, "send", side_effect=SoftTimeLimitExceeded()),
        pytest.raises(SoftTimeLimitExceeded),
    ):
        outbox.deliver_pending()
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING  # not stuck in "sending"
    assert "tijdslimiet" in message.last_error


def test_every_task_runs_under_a_soft_and_a_hard_time_limit(settings):
    import courses.learning.tasks
    import courses.runs.tasks  # noqa: F401 — register every app's tasks

    soft, hard = celery_app.conf.task_soft_time_limit, celery_app.conf.task_time_limit
    assert 0 < soft < hard
    assert hard < settings.OUTBOX_STALE_SENDING_AFTER  # a live worker is never "stale"
    ours = [
        task
        for name, task in celery_app.tasks.items()
        if name.split(".")[0] in {"ido_platform", "courses", "assessments"}
    ]
    assert len(ours) >= 5
    for task in ours:  # no task switches the limits off
        assert task.time_limit is None or task.time_limit <= hard, task.name
        assert task.soft_time_limit is None or task.soft_time_limit <= soft, task.name


def test_email_and_sms_have_timeouts_in_production():
    from tests.ido_platform.test_config import PRODUCTION_ENV, run_with_production_settings

    show = (
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.EMAIL_TIMEOUT, "
        "s.SMS_GATEWAY_CONNECT_TIMEOUT, s.SMS_GATEWAY_READ_TIMEOUT, "
        "s.CACHES['default']['BACKEND'])",
    )
    result = run_with_production_settings(PRODUCTION_ENV, *show)
    assert result.stdout.split() == [
        "20",
        "5",
        "10",
        "ido_platform.core.cache.DegradingRedisCache",
    ], result.stderr


# --- A worker killed mid-send ------------------------------------------------------------------


def stale(message, settings):
    Message.objects.filter(pk=message.pk).update(
        claimed_at=timezone.now() - timedelta(seconds=settings.OUTBOX_STALE_SENDING_AFTER + 1)
    )


def test_a_text_left_half_sent_is_sent_again_with_the_same_reference(settings, sms_outbox):
    message = text()
    outbox.claim(message.pk)  # the worker died after claiming
    assert outbox.deliver_pending() == 0  # a live worker may still be on it
    stale(message, settings)
    assert outbox.deliver_pending() == 1
    assert [t.reference for t in sms_outbox] == [str(message.uuid)]  # the gateway deduplicates
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.SENT, 2)


def test_an_email_left_half_sent_waits_for_a_person(settings):
    message = email()
    outbox.claim(message.pk)
    stale(message, settings)
    outbox.deliver_pending()
    outbox.deliver_pending()
    message.refresh_from_db()
    assert message.status == Message.Status.INTERRUPTED
    assert mail.outbox == []


# --- The national role resends in the Wagtail admin --------------------------------------------


def test_the_national_role_resends_a_failed_message_from_the_admin(
    client, users, django_capture_on_commit_callbacks
):
    failed = email(status=Message.Status.FAILED, attempts=30, last_error="relay weg")
    sent = email("b@example.org", status=Message.Status.SENT)
    client.force_login(users[Role.NATIONAL])
    listing = client.get("/admin/message/?status=failed").content.decode()
    url = reverse("ido_platform_resend_message", args=[failed.pk])
    assert url in listing
    assert reverse("ido_platform_resend_message", args=[sent.pk]) not in listing
    assert "relay weg" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    client.post(reverse("ido_platform_resend_message", args=[sent.pk]))
    assert len(mail.outbox) == 1  # a sent message is never sent again


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.EDITOR])
def test_only_the_national_role_resends_from_the_admin(client, users, role):
    failed = email(status=Message.Status.FAILED)
    client.force_login(users[role])
    url = reverse("ido_platform_resend_message", args=[failed.pk])
    # Wagtail's admin turns a refusal into a redirect to the dashboard with a message.
    for response in (client.get(url), client.post(url)):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    failed.refresh_from_db()
    assert failed.status == Message.Status.FAILED


# --- No gravatar -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/", "/admin/account/", "/admin/message/", "/admin/users/"])
def test_no_admin_page_sends_a_hash_to_gravatar(client, users, path, settings):
    client.force_login(users[Role.NATIONAL])
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert "gravatar" not in response.content.decode().lower()
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = "//www.gravatar.com/avatar"
    if path == "/admin/":  # the check can fail: Wagtail's default would show it
        assert "gravatar" in client.get(path).content.decode().lower()
