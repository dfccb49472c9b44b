"""Single sign-on (issue 10, item 10) against a fake OpenID Connect provider in-process: the
token and userinfo endpoints are mocked, nothing goes over the network."""

from unittest import mock
from urllib.parse import parse_qs, urlparse

import jwt
import pytest

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from ido_platform.core.models import Role

pytestmark = pytest.mark.django_db

CLIENT_ID, SECRET = "ido-platform", "gedeeld-geheim-van-de-test-provider-0123456789"
PROVIDER = "https://sso.bibliotheek.example"


@pytest.fixture
def sso():
    backends = [
        "axes.backends.AxesStandaloneBackend",
        "rules.permissions.ObjectPermissionBackend",
        "django.contrib.auth.backends.ModelBackend",
        "ido_platform.core.oidc.ExistingAccountBackend",
    ]
    with override_settings(
        OIDC_ENABLED=True,
        ROOT_URLCONF="tests.ido_platform.oidc_urls",
        AUTHENTICATION_BACKENDS=backends,
        OIDC_RP_CLIENT_ID=CLIENT_ID,
        OIDC_RP_CLIENT_SECRET=SECRET,
        OIDC_RP_SIGN_ALGO="HS256",
        OIDC_OP_AUTHORIZATION_ENDPOINT=f"{PROVIDER}/authorize",
        OIDC_OP_TOKEN_ENDPOINT=f"{PROVIDER}/token",
        OIDC_OP_USER_ENDPOINT=f"{PROVIDER}/userinfo",
        OIDC_RP_SCOPES="openid email",
        OIDC_CREATE_USER=False,
        OIDC_LOGIN_LABEL="Inloggen met je bibliotheekaccount",
        LOGIN_REDIRECT_URL_FAILURE="/inloggen/?sso=mislukt",
    ):
        yield


def fake_provider(email, nonce):
    """requests.post (token endpoint) and requests.get (userinfo) as the provider answers."""
    id_token = jwt.encode({"aud": CLIENT_ID, "nonce": nonce, "sub": "42"}, SECRET, "HS256")
    token = mock.Mock(status_code=200, headers={"content-type": "application/json"})
    token.json.return_value = {"id_token": id_token, "access_token": "toegang"}
    userinfo = mock.Mock(status_code=200, headers={"content-type": "application/json"})
    userinfo.json.return_value = {"sub": "42", "email": email, "email_verified": True}
    return (
        mock.patch("mozilla_django_oidc.auth.requests.post", return_value=token),
        mock.patch("mozilla_django_oidc.auth.requests.get", return_value=userinfo),
    )


def sign_in(client, email):
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302 and start["Location"].startswith(f"{PROVIDER}/authorize")
    query = parse_qs(urlparse(start["Location"]).query)
    post, get = fake_provider(email, query["nonce"][0])
    with post as token_call, get:
        response = client.get(
            reverse("oidc_authentication_callback"), {"code": "c0de", "state": query["state"][0]}
        )
    assert token_call.call_args.kwargs["data"]["code"] == "c0de"
    return response


def test_the_login_page_offers_sso_only_when_it_is_switched_on(client, sso):
    assert "Inloggen met je bibliotheekaccount" in client.get("/inloggen/").content.decode()


def test_sso_is_off_by_default(client, settings):
    assert settings.OIDC_ENABLED is False
    assert "ExistingAccountBackend" not in " ".join(settings.AUTHENTICATION_BACKENDS)
    assert "Inloggen met je" not in client.get("/inloggen/").content.decode()


def test_the_e_mail_claim_logs_in_the_existing_account(client, sso, users):
    response = sign_in(client, "Medewerker@Example.org")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == users[Role.MEDEWERKER].pk


def test_a_role_that_needs_two_factor_still_gives_it_after_sso(client, sso, users):
    sign_in(client, "landelijk@example.org")
    assert int(client.session["_auth_user_id"]) == users[Role.NATIONAL].pk
    assert client.get("/admin/")["Location"].startswith(reverse("two_factor_setup"))


@pytest.mark.parametrize("email", ["onbekend@example.org", "inactief@example.org"])
def test_an_unknown_or_inactive_address_creates_no_account_and_logs_nobody_in(
    client, sso, users, email
):
    get_user_model().objects.create(
        username="inactief", email="inactief@example.org", is_active=False
    )
    before = get_user_model().objects.count()
    response = sign_in(client, email)
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/?sso=mislukt"
    assert "_auth_user_id" not in client.session
    assert get_user_model().objects.count() == before
    assert "niet gelukt" in client.get(response["Location"]).content.decode()
