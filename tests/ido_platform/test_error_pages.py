"""The embedded profile a new user tries first (`make run`) shows the site's own Dutch error
pages, never Django's English debug or CSRF pages."""

import subprocess
import sys
from pathlib import Path

import pytest

from django.test import Client

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_the_embedded_profile_runs_without_debug_pages_unless_asked():
    script = (
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    )
    env = {"DJANGO_SETTINGS_MODULE": "ido_platform.settings.dev", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
    asked = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, "DEBUG": "1"},
        capture_output=True,
        text=True,
    )
    assert asked.stdout.strip() == "True", asked.stderr


def test_a_mistyped_address_gets_the_dutch_404(client, site_pages):
    response = client.get("/dit-adres-bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_a_form_without_its_token_gets_the_dutch_csrf_page(site_pages):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/inloggen/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Dit formulier is verlopen" in body
    assert "CSRF verification failed" not in body
    assert 'lang="nl"' in body
