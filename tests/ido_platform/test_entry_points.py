"""The production entry points (gunicorn's wsgi module, the Celery worker and beat) never
fall back to the dev settings, and importing domain code never chooses settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.conf import settings

from tests.ido_platform.test_config import PRODUCTION_ENV

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")


def clean_environment(**extra):
    """The machine's environment without any Django profile, as a fresh server has it."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV
        and k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(extra)
    return env


def run(args, env):
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_wsgi_entry_point_runs_production_settings_when_none_is_set():
    # What `gunicorn ido_platform.wsgi` does first: import the module and take `application`.
    script = (
        "import ido_platform.wsgi\n"
        "from django.conf import settings\n"
        "print(settings.SETTINGS_MODULE, settings.DEBUG)\n"
    )
    result = run([sys.executable, "-c", script], clean_environment(**PRODUCTION_ENV))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ido_platform.settings.production", "False"]


def test_wsgi_entry_point_refuses_to_start_without_the_production_variables():
    result = run([sys.executable, "-c", "import ido_platform.wsgi"], clean_environment())
    assert result.returncode != 0
    assert "Environment variable SECRET_KEY is required" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-c", "import ido_platform.wsgi"],  # gunicorn's first step
        [str(CELERY), "-A", "ido_platform.celery_app", "report"],  # the worker's and beat's
    ],
    ids=["gunicorn", "celery"],
)
def test_entry_points_refuse_to_start_without_the_public_base_url(command):
    # Neither runs the system checks, so the settings themselves must refuse: a worker
    # without it would write relative cancel links into every message.
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "PUBLIC_BASE_URL"}
    result = run(command, clean_environment(**env))
    assert result.returncode != 0, result.stdout
    assert "Environment variable PUBLIC_BASE_URL is required" in result.stderr


# Start the process as the README does (`celery -A ido_platform.celery_app worker|beat
# --loglevel=INFO`, through Celery's own command-line entry point), and stop it at the first
# signal the process sends once it has loaded the app and is about to start its work
# (worker_init / beat_init: before any broker connection), printing what it got.
STOP_AT_START = """
import os, sys
from celery import signals
from celery.bin.celery import main

def report(sender, **kwargs):
    from django.conf import settings
    app = sender.app
    lines = [
        f"SETTINGS_MODULE {settings.SETTINGS_MODULE}",
        f"DEBUG {settings.DEBUG}",
        f"BROKER {app.connection_for_write().transport_cls}",
        f"SCHEDULE {','.join(sorted(app.conf.beat_schedule))}",
        f"PROCESS {type(sender).__module__}",
    ]
    # Straight to file descriptor 1: beat has redirected sys.stdout into its log by now.
    os.write(1, ("\\n".join(lines) + "\\n").encode())
    os._exit(0)

signals.worker_init.connect(report)
signals.beat_init.connect(report)
sys.argv = ["celery", "-A", "ido_platform.celery_app", sys.argv[1], "--loglevel=INFO"]
main()
"""


@pytest.mark.parametrize(
    ("process", "started_by"), [("worker", "celery.apps.worker"), ("beat", "celery.beat")]
)
def test_celery_entry_point_runs_production_settings_when_none_is_set(process, started_by):
    result = run(
        [sys.executable, "-c", STOP_AT_START, process], clean_environment(**PRODUCTION_ENV)
    )
    assert result.returncode == 0, result.stderr
    got = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert got["PROCESS"] == started_by, result.stdout
    assert got["SETTINGS_MODULE"] == "ido_platform.settings.production"
    assert got["DEBUG"] == "False"
    assert got["BROKER"] == "redis"
    assert set(got["SCHEDULE"].split(",")) == set(settings.CELERY_BEAT_SCHEDULE)


def test_celery_report_shows_the_same_settings():
    # `celery report` loads the app the same way and needs no broker: what an operator runs.
    result = run(
        [str(CELERY), "-A", "ido_platform.celery_app", "report"],
        clean_environment(**PRODUCTION_ENV),
    )
    assert result.returncode == 0, result.stderr
    assert "SETTINGS_MODULE: 'ido_platform.settings.production'" in result.stdout
    assert "\nDEBUG: False" in result.stdout
    assert "transport:redis" in result.stdout


# The registered task names, pinned: a task already queued under a name still runs after a
# deploy. Renaming one is a migration of the queue, not a refactoring.
TASK_NAMES = [
    "assessments.tasks.send_action_reminders",
    "courses.learning.tasks.generate_certificate_file",
    "courses.learning.tasks.send_coordinator_digests",
    "courses.learning.tasks.send_expiry_reminders",
    "courses.tasks.anonymise_finished_runs",
    "courses.tasks.send_meeting_reminders",
    "funding.tasks.send_accountability_reminders",
    "ido_platform.tasks.deliver_message",
    "ido_platform.tasks.deliver_pending_messages",
    "questions.tasks.flag_question_peaks",
]


def test_every_registered_celery_task_has_its_pinned_name():
    from ido_platform.celery_app import app

    app.loader.import_default_modules()
    assert sorted(name for name in app.tasks if not name.startswith("celery.")) == TASK_NAMES
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled <= set(TASK_NAMES), scheduled - set(TASK_NAMES)


def test_importing_the_packages_and_apps_chooses_no_settings():
    script = (
        "import os\n"
        "import ido_platform, ido_platform.core, courses, courses.runs, courses.learning\n"
        "import assessments, questions, funding\n"
        "print(os.environ.get('DJANGO_SETTINGS_MODULE', 'unset'))\n"
    )
    result = run([sys.executable, "-c", script], clean_environment())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "unset"
