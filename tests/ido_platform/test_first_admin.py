"""The first account of a new installation (issue 10, item 14)."""

import io

import pytest

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from ido_platform.core import twofactor
from ido_platform.core.models import HomePage, Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def typed_password(monkeypatch):
    """What the operator pipes in with --password-stdin."""
    typed = {"password": "een-lang-en-sterk-wachtwoord-2026"}
    monkeypatch.setattr(
        "sys.stdin", type("Stdin", (), {"readline": lambda self: typed["password"] + "\n"})()
    )
    return typed


def create(password=None, **extra):
    out = io.StringIO()
    call_command(
        "create_first_admin",
        "--username=beheer",
        "--email=beheer@kb.example",
        "--password-stdin",
        stdout=out,
        **extra,
    )
    return out.getvalue()


def test_it_creates_a_superuser_with_a_national_membership_and_the_site_pages():
    output = create()
    user = get_user_model().objects.get(username="beheer")
    assert user.is_superuser and user.check_password("een-lang-en-sterk-wachtwoord-2026")
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.NATIONAL
    assert HomePage.objects.count() == 1
    assert twofactor.is_required(user)
    assert "twee" in output.lower() or "two-factor" in output


def test_it_refuses_a_weak_password_and_an_existing_username(typed_password):
    typed_password["password"] = "kort"
    with pytest.raises(CommandError, match="te kort|too short|te algemeen|too common"):
        create()
    assert not get_user_model().objects.filter(username="beheer").exists()
    typed_password["password"] = "een-lang-en-sterk-wachtwoord-2026"
    create()
    with pytest.raises(CommandError, match="already exists"):
        create()
    assert Membership.objects.filter(user__username="beheer").count() == 1


def test_the_site_root_answers_after_setup(client):
    create()
    assert client.get("/").status_code == 200
