"""The configuration layer names the variable that is missing or malformed, and the
production profile fails closed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ido_platform import config

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "x" * 20 + "-production-secret-that-is-long-enough-0123456789"
PRODUCTION_ENV = {
    "SECRET_KEY": GOOD_SECRET,
    "ALLOWED_HOSTS": "ido.example.nl",
    "DATABASE_URL": "postgres://ido@127.0.0.1:5432/ido",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "smtp.example.nl",
    "PUBLIC_BASE_URL": "https://www.ido.example.nl",
}


def run_with_production_settings(env_overrides, *args):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests; production never has it.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update({"DJANGO_SETTINGS_MODULE": "ido_platform.settings.production"})
    env.update({k: v for k, v in env_overrides.items() if v is not None})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.slow  # starts manage.py in a subprocess
@pytest.mark.parametrize(
    "variable", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "PUBLIC_BASE_URL"]
)
def test_production_refuses_to_start_without_a_required_variable(variable):
    result = run_with_production_settings({**PRODUCTION_ENV, variable: None}, "check")
    assert result.returncode != 0
    assert f"Environment variable {variable} is required" in result.stderr


@pytest.mark.slow  # starts manage.py in a subprocess
@pytest.mark.parametrize(
    ("variable", "bad_value", "message"),
    [
        ("DATABASE_URL", "not-a-url", "DATABASE_URL is not a valid database URL"),
        ("REDIS_URL", "http://127.0.0.1:6379", "REDIS_URL must start with redis://"),
        (
            "PUBLIC_BASE_URL",
            "http://www.ido.example.nl",
            "PUBLIC_BASE_URL must start with https://",
        ),
        ("EMAIL_PORT", "vijf", "EMAIL_PORT must be a whole number"),
        ("SECRET_KEY", "short", "SECRET_KEY must be a random value"),
        ("SMS_GATEWAY_URL", "sms.example.nl/api", "SMS_GATEWAY_URL must start with https://"),
        ("SMS_SENDER", "Bibliotheek Venlo", "SMS_SENDER must be at most 11 characters"),
    ],
)
def test_production_names_a_malformed_variable(variable, bad_value, message):
    result = run_with_production_settings({**PRODUCTION_ENV, variable: bad_value}, "check")
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.slow  # starts manage.py in a subprocess
def test_production_sends_no_sms_until_a_gateway_is_configured():
    show = (
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SMS_BACKEND)",
    )
    assert run_with_production_settings(PRODUCTION_ENV, *show).stdout.strip() == "None"
    gateway = {
        **PRODUCTION_ENV,
        "SMS_GATEWAY_URL": "https://sms.example.nl/v1/berichten",
        "SMS_GATEWAY_TOKEN": "token",
    }
    result = run_with_production_settings(gateway, *show)
    assert result.stdout.strip() == "ido_platform.core.sms.HttpBackend", result.stderr
    without_token = run_with_production_settings({**gateway, "SMS_GATEWAY_TOKEN": None}, "check")
    assert without_token.returncode != 0
    assert "Environment variable SMS_GATEWAY_TOKEN is required" in without_token.stderr


@pytest.mark.slow  # starts manage.py in a subprocess
def test_production_deploy_check_reports_nothing():
    result = run_with_production_settings(
        PRODUCTION_ENV, "check", "--deploy", "--fail-level", "DEBUG"
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_links_without_a_public_https_address():
    # A missing or plain-http address already stops start-up (above); an https address
    # without a host passes the settings and is caught by the system check.
    result = run_with_production_settings(
        {**PRODUCTION_ENV, "PUBLIC_BASE_URL": "https://"}, "check"
    )
    assert result.returncode != 0
    assert "(ido.E003) PUBLIC_BASE_URL must be the site's public https:// address" in (
        result.stderr
    )


def test_the_public_base_url_is_also_wagtails_admin_base_url():
    show = (
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; "
        "print(settings.PUBLIC_BASE_URL, settings.WAGTAILADMIN_BASE_URL)",
    )
    result = run_with_production_settings(PRODUCTION_ENV, *show)
    assert result.stdout.split() == ["https://www.ido.example.nl"] * 2, result.stderr


def test_boolean_variable_rejects_words_it_does_not_know(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "misschien")
    with pytest.raises(config.ConfigError, match="SOME_FLAG must be true or false"):
        config.env_bool("SOME_FLAG")


def test_sqlite_database_url_gets_immediate_transactions(monkeypatch, tmp_path):
    from ido_platform.settings.base import database_from_env

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    database = database_from_env(tmp_path / "unused.sqlite3")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.parametrize(
    "url, expected",
    [
        ("postgres://ido@db.example/ido", "-c jit=off"),
        # Options given in the URL stay, and JIT is switched off after them.
        (
            "postgres://ido@db.example/ido?options=-c%20work_mem%3D64MB",
            "-c work_mem=64MB -c jit=off",
        ),
    ],
)
def test_every_postgresql_database_url_switches_jit_off(monkeypatch, url, expected):
    monkeypatch.setenv("DATABASE_URL", url)
    assert config.env_database()["OPTIONS"]["options"] == expected


def test_a_sqlite_database_url_gets_no_postgresql_options(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    assert "options" not in config.env_database().get("OPTIONS", {})
