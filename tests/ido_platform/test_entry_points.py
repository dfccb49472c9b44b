"""The production entry points (gunicorn's wsgi module, the Celery worker and beat) never
fall back to the dev settings, and importing domain code never chooses settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.mark.parametrize("process", ["worker", "beat"])
def test_celery_entry_point_runs_production_settings_when_none_is_set(process):
    # The worker and beat load the app as the README starts them (`celery -A
    # ido_platform.celery_app worker|beat`); `report` loads it the same way and prints the
    # Django settings the process got, without needing a broker.
    result = run(
        [str(CELERY), "-A", "ido_platform.celery_app", "report"],
        clean_environment(**PRODUCTION_ENV),
    )
    assert result.returncode == 0, result.stderr
    assert "SETTINGS_MODULE: 'ido_platform.settings.production'" in result.stdout, process
    assert "\nDEBUG: False" in result.stdout
    assert "transport:redis" in result.stdout


def test_importing_the_packages_and_apps_chooses_no_settings():
    script = (
        "import os\n"
        "import ido_platform, ido_platform.core, courses, courses.runs, courses.learning\n"
        "import assessments\n"
        "print(os.environ.get('DJANGO_SETTINGS_MODULE', 'unset'))\n"
    )
    result = run([sys.executable, "-c", script], clean_environment())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "unset"
