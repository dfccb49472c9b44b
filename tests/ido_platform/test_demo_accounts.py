"""The demo accounts get a usable password only where a demo password is configured. Apart
from test_demo.py because it loads the demo on an empty database with its own settings."""

import io

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_demo_accounts_have_passwords_only_with_demo_password(settings):
    settings.DEMO_PASSWORD = None
    call_command("load_demo_data", stdout=io.StringIO())

    accounts = list(get_user_model().objects.all())
    assert {"landelijk", "landelijk2", "auditor", "medewerker"} <= {a.username for a in accounts}
    assert [a.username for a in accounts if a.has_usable_password()] == []
