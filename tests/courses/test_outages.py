"""Outages seen from the public site and the coordinator: with Redis (cache and broker) down
the pages answer 200 and enrolments are stored, their messages go out once Redis is back;
a message that did not arrive shows on the participant list with a resend button."""

import logging
import time
from datetime import timedelta

import pytest
from kombu import pools as kombu_pools
from redis.exceptions import ConnectionError as RedisConnectionError

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from courses.runs.models import Enrolment
from courses.runs.services import enrolment as service
from ido_platform.celery_app import app as celery_app
from ido_platform.core import outbox
from ido_platform.core.models import Message, Role
from tests.courses.test_public_pages import enrol_url, form_data
from tests.redis_server import OwnRedis, free_port

pytestmark = pytest.mark.django_db

DEGRADING = "ido_platform.core.cache.DegradingRedisCache"


def redis_cache(url, backend=DEGRADING):
    return {
        "default": {
            "BACKEND": backend,
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def public_pages(run):
    return ["/", "/cursussen/", run.course.url, enrol_url(run), "/locaties/"]


@pytest.fixture
def celery_on(request):
    """Celery publishing to a real broker (not eager), restored afterwards."""
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}

    def use(url):
        celery_app.conf.broker_url = url
        celery_app.conf.task_always_eager = False
        kombu_pools.reset()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    yield use
    celery_app.conf.update(saved)
    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_plain_redis_cache_turns_every_page_into_an_error_when_redis_is_down(client, settings, run):
    # The fault this module guards against: Django's own RedisCache raises on every page.
    settings.CACHES = redis_cache(
        f"redis://127.0.0.1:{free_port()}/0", "django.core.cache.backends.redis.RedisCache"
    )
    with pytest.raises(RedisConnectionError):
        client.get("/")


def test_with_the_cache_unreachable_pages_answer_200_and_enrolments_are_stored(
    client, settings, run, caplog, django_capture_on_commit_callbacks
):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")
    with caplog.at_level(logging.WARNING, logger="ido_platform.core.cache"):
        for url in public_pages(run):
            assert client.get(url).status_code == 200, url
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(enrol_url(run), form_data(email="anna@example.org"))
    assert response.status_code == 302
    assert run.enrolments.get().email == "anna@example.org"
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert "Cache unavailable" in caplog.text


def test_redis_stopped_keeps_the_site_up_and_messages_go_out_once_it_is_back(
    client, settings, run, tmp_path, celery_on, django_capture_on_commit_callbacks
):
    redis = OwnRedis(tmp_path).start()
    try:
        settings.CACHES = redis_cache(redis.url)
        celery_on(redis.url)  # the same Redis is broker and cache, as in production
        assert client.get("/").status_code == 200
        assert client.get("/gezondheid/").json()["status"] == "ok"

        redis.stop()
        for url in public_pages(run):
            assert client.get(url).status_code == 200, url
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(enrol_url(run), form_data(email="anna@example.org"))
        assert response.status_code == 302
        assert time.monotonic() - started < 10  # the publish gives up quickly
        message = Message.objects.get(recipient="anna@example.org")
        assert message.status == Message.Status.PENDING  # stored, waiting for the sweep
        health = client.get("/gezondheid/")
        assert health.status_code == 200
        assert health.json() == {
            "status": "degraded",
            "checks": {"database": "ok", "cache": "down", "broker": "down"},
        }

        redis.start()
        assert client.get("/gezondheid/").json()["status"] == "ok"
        Message.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
        assert outbox.deliver_pending() == 1  # the beat's sweep
        assert outbox.deliver_pending() == 0
        assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    finally:
        redis.stop()


@pytest.fixture
def coordinator(client, users):
    client.force_login(users[Role.COORDINATOR])
    return client


def detail(client, run):
    return client.get(reverse("courses:coordinator_run", args=[run.pk])).content.decode()


def test_the_participant_list_shows_who_did_not_get_the_confirmation_and_resends_it(
    coordinator, run, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_RETRY_WINDOW = 60  # one failed attempt and it is given up
    settings.EMAIL_BACKEND = "tests.courses.test_outages.BrokenEmailBackend"
    anna = service.enrol(run, name="Anna", email="anna@example.org").enrolment
    service.enrol(run, name="Bram", email="bram@example.org")
    anna_message, bram_message = Message.objects.order_by("pk")
    outbox.deliver(anna_message.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outbox.deliver(bram_message.pk)
    anna_message.refresh_from_db()
    assert anna_message.status == Message.Status.FAILED

    html = detail(coordinator, run)
    assert "1 bericht aan deelnemers is niet (of nog niet) aangekomen" in html
    assert html.count("Niet aangekomen:") == 1
    resend = reverse("courses:coordinator_resend_message", args=[anna.pk, anna_message.pk])
    assert resend in html

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(resend, follow=True)
    assert "wordt opnieuw verstuurd" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "bram@example.org"]
    assert "Niet aangekomen" not in detail(coordinator, run)
    # Sent now: a second resend is refused, nothing goes out twice.
    response = coordinator.post(resend, follow=True)
    assert "kan niet opnieuw worden verstuurd" in response.content.decode()
    assert len(mail.outbox) == 2


def test_a_coordinator_cannot_resend_another_librarys_message(
    coordinator, digisterker, other_location
):
    from tests.courses.factories import CourseRunFactory

    other_run = CourseRunFactory(course=digisterker, location=other_location)
    bram = service.enrol(other_run, name="Bram", email="bram@example.org").enrolment
    message = Message.objects.get()
    url = reverse("courses:coordinator_resend_message", args=[bram.pk, message.pk])
    assert coordinator.post(url).status_code == 403


def test_a_message_id_of_another_enrolment_is_not_resent(coordinator, run):
    anna = service.enrol(run, name="Anna", email="anna@example.org").enrolment
    bram = service.enrol(run, name="Bram", email="bram@example.org").enrolment
    bram_message = Message.objects.get(recipient="bram@example.org")
    Message.objects.update(status=Message.Status.FAILED)
    url = reverse("courses:coordinator_resend_message", args=[anna.pk, bram_message.pk])
    response = coordinator.post(url, follow=True)
    assert "kan niet opnieuw worden verstuurd" in response.content.decode()
    bram_message.refresh_from_db()
    assert bram_message.status == Message.Status.FAILED
    assert bram.status == Enrolment.Status.CONFIRMED


def test_a_worker_killed_mid_send_is_visible_at_once_and_resendable_once_interrupted(
    coordinator, run, settings, django_capture_on_commit_callbacks
):
    anna = service.enrol(run, name="Anna", email="anna@example.org").enrolment
    message = outbox.claim(Message.objects.get().pk)  # the worker claims it, then dies
    html = detail(coordinator, run)
    assert "Wordt nu verstuurd:" in html
    resend = reverse("courses:coordinator_resend_message", args=[anna.pk, message.pk])
    assert resend not in html  # a worker may still be sending it: no double send
    assert coordinator.post(resend).status_code == 302
    assert mail.outbox == []

    Message.objects.filter(pk=message.pk).update(
        claimed_at=timezone.now() - timedelta(seconds=settings.OUTBOX_STALE_SENDING_AFTER + 1)
    )
    outbox.deliver_pending()
    assert mail.outbox == []  # e-mail is never sent twice on its own
    html = detail(coordinator, run)
    assert "Verzending onderbroken:" in html and resend in html
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(resend)
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]


class BrokenEmailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("relay weg")
