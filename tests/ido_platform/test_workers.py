"""A real Celery worker process (not eager mode) picks up a task that a request queued:
on the embedded filesystem transport with no services, and on Redis when REDIS_URL is set."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from django.db import connection

from ido_platform.celery_app import app as celery_app
from ido_platform.core.models import Message, Role
from tests.ido_platform.factories import UserFactory
from tests.services import database_url_for, redis_url, reset_broker_pools

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def real_worker(request, tmp_path, transactional_db):
    """Start a worker subprocess with the dev profile against this test's database.

    Worker and test use a queue of their own, so a second test run on the same Redis (or a
    run that was killed and left tasks behind) can neither take this run's task nor hand
    this worker a task for another database."""
    broker = request.param
    queue_name = f"ido-test-{uuid.uuid4().hex}"
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "ido_platform.settings.dev",
            "IDO_VAR_DIR": str(tmp_path),
            "DATABASE_URL": database_url_for(connection),
        }
    )
    saved = {
        key: celery_app.conf[key]
        for key in (
            "broker_url",
            "broker_transport_options",
            "task_always_eager",
            "task_default_queue",
        )
    }
    if broker == "redis":
        url = redis_url()
        env["REDIS_URL"] = url
        celery_app.conf.broker_url = url
        celery_app.conf.broker_transport_options = {"visibility_timeout": 3600}
    else:
        queue = tmp_path / "celery" / "queue"
        queue.mkdir(parents=True)
        (tmp_path / "celery" / "processed").mkdir()
        celery_app.conf.broker_url = "filesystem://localhost/"
        celery_app.conf.broker_transport_options = {
            "data_folder_in": str(queue),
            "data_folder_out": str(queue),
            "processed_folder": str(tmp_path / "celery" / "processed"),
            "control_folder": str(tmp_path / "celery" / "control"),
            "store_processed": False,
        }
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue_name  # the router reads it on every publish
    reset_broker_pools()
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 — closed after the worker stops
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ido_platform.celery_app",
            "worker",
            "--pool=solo",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "-l",
            "INFO",
            "-Q",
            queue_name,
            "-n",
            f"test-{broker}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield {"broker": broker, "var_dir": tmp_path, "log": tmp_path / "worker.log"}
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a loaded machine: do not let it hang the run
            process.kill()
            process.wait()
        log.close()
        if broker == "redis":
            _delete_queue(queue_name)
        # Restore eager mode even when the test failed: later tests rely on it.
        celery_app.conf.update(saved)
        reset_broker_pools()


def _delete_queue(name):
    """Remove the test's queue and its binding from Redis, so runs leave no keys behind."""
    with celery_app.connection_for_write() as connection:
        queue = celery_app.amqp.queues[name].bind(connection.default_channel)
        queue.declare()  # a fresh channel knows the bindings only once it declares them
        queue.delete()


# Generous: it returns as soon as the task ran, and a worker process that imports Django and
# Wagtail on a busy two-core CI machine can take well over 10 s to start.
def wait_for(predicate, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


@pytest.mark.parametrize("real_worker", ["filesystem", "redis"], indirect=True)
def test_real_worker_delivers_the_welcome_message_a_request_queued(
    real_worker, client, users, library
):
    newcomer = UserFactory(username="welkom", email="welkom@example.org")
    client.force_login(users[Role.NATIONAL])
    response = client.post(
        "/admin/membership/new/",
        {"user": newcomer.pk, "organisation": library.pk, "location": "", "role": "medewerker"},
    )
    assert response.status_code == 302
    message = Message.objects.get(kind="welcome", recipient="welkom@example.org")

    def sent():
        message.refresh_from_db()
        return message.status == Message.Status.SENT

    assert wait_for(sent), real_worker["log"].read_text()[-3000:]
    # The worker ran the dev profile, which writes e-mail to files a developer can read.
    mails = list((real_worker["var_dir"] / "mail").glob("*.log"))
    assert len(mails) == 1
    assert "welkom@example.org" in mails[0].read_text()
