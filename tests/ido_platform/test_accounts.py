"""Staff accounts (issue 10, items 8 and 9): a lockout after a few wrong passwords, two-factor
authentication required for every role that sees personal data or approves results, and
"wachtwoord vergeten" through Django's reset flow."""

import datetime
import re

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ido_platform.core import twofactor
from ido_platform.core.models import Role

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord"
ENFORCED = [Role.COORDINATOR, Role.AUDITOR, Role.EDITOR, Role.NATIONAL]
# A page each role may open once past the second factor.
STAFF_PAGE = {
    Role.COORDINATOR: "/admin/",
    Role.AUDITOR: "/kwaliteit/",
    Role.EDITOR: "/admin/",
    Role.NATIONAL: "/admin/",
}


def post_login(client, username, password=PASSWORD, url="/inloggen/", ip="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def code_for(device, at=None):
    """The authenticator app's current code for ``device``."""
    with time_machine.travel(at or timezone.now(), tick=False):
        return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def is_logged_in(client):
    return "_auth_user_id" in client.session


# --- Lockout ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/inloggen/", "/admin/login/"])
def test_fifty_wrong_passwords_lock_the_account_and_the_right_one_is_refused(client, users, url):
    answers = [post_login(client, "landelijk", "fout", url=url).status_code for _ in range(50)]

    assert answers[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(answers[settings.AXES_FAILURE_LIMIT :]) == {429}
    refused = post_login(client, "landelijk", url=url)
    assert refused.status_code == 429
    assert not is_logged_in(client)
    page = refused.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in page
    assert "Probeer het over 15 minuten opnieuw" in page
    assert reverse("password_reset") in page


def test_after_the_cool_off_the_right_password_works_again(client, users):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "medewerker", "fout")
    assert post_login(client, "medewerker").status_code == 429

    later = timezone.now() + settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)
    with time_machine.travel(later):
        response = post_login(client, "medewerker")
    assert response.status_code == 302
    assert is_logged_in(client)


def test_an_account_is_locked_whichever_address_the_attempts_come_from(client, users):
    for n in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "coordinator", "fout", ip=f"10.0.1.{n}")
    assert post_login(client, "coordinator", ip="10.0.2.99").status_code == 429


def test_one_client_trying_many_accounts_is_locked(client, users):
    for name in ["a", "b", "c", "d", "e", "f"][: settings.AXES_FAILURE_LIMIT]:
        post_login(client, name, "fout", ip="10.0.3.3")
    assert post_login(client, "medewerker", ip="10.0.3.3").status_code == 429
    assert post_login(client, "medewerker", ip="10.0.3.4").status_code == 302


def test_behind_the_proxy_each_client_is_locked_apart_and_a_spoofed_address_is_ignored(
    client, users, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.9.1"

    def via_proxy(username, password=PASSWORD, forwarded="203.0.113.7"):
        return client.post(
            "/inloggen/",
            {"username": username, "password": password},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for name in ["a", "b", "c", "d", "e", "f"][: settings.AXES_FAILURE_LIMIT]:
        # The attacker puts a made-up address in front; the proxy appends the real one.
        via_proxy(name, "fout", forwarded=f"198.51.100.{len(name)}, 203.0.113.7")
    assert via_proxy("medewerker").status_code == 429  # the attacking client is locked
    assert via_proxy("medewerker", forwarded="203.0.113.8").status_code == 302  # others not


def test_the_national_role_lifts_a_lockout_in_the_admin(client, users):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "medewerker", "fout", ip="10.0.4.4")
    assert post_login(client, "medewerker", ip="10.0.4.4").status_code == 429

    admin = client.__class__()
    admin.force_login(users[Role.COORDINATOR])
    refused = admin.get(reverse("ido_lockouts"))  # Wagtail turns a refusal into its home page
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert admin.post(reverse("ido_lockouts"), {"attempt": "1"}).status_code == 302
    assert post_login(client, "medewerker", ip="10.0.4.4").status_code == 429
    admin.force_login(users[Role.NATIONAL])
    listing = admin.get(reverse("ido_lockouts"))
    assert listing.status_code == 200
    assert "medewerker" in listing.content.decode()
    attempt = re.search(r'name="attempt" value="(\d+)"', listing.content.decode()).group(1)
    assert admin.post(reverse("ido_lockouts"), {"attempt": attempt}).status_code == 302
    assert admin.post(reverse("ido_lockouts"), {"attempt": "²"}).status_code == 302

    assert post_login(client, "medewerker", ip="10.0.4.4").status_code == 302


def test_the_reset_command_lifts_a_lockout(client, users, capsys):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "redacteur", "fout")
    call_command("axes_reset_username", "redacteur")
    capsys.readouterr()
    assert post_login(client, "redacteur").status_code == 302


# --- Two-factor authentication -----------------------------------------------------------


@pytest.mark.parametrize("role", ENFORCED)
def test_a_role_with_personal_data_must_set_up_two_factor_before_any_staff_page(
    client, users, role
):
    user = users[role]
    response = post_login(client, user.username)
    assert response.status_code == 302
    page = client.get(STAFF_PAGE[role])
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("two_factor_setup"))
    for url in ("/admin/pages/", "/kwaliteit/", "/training/team/", "/"):
        assert client.get(url)["Location"].startswith(reverse("two_factor_setup")), url

    setup = client.get(page["Location"])
    assert setup.status_code == 200
    body = setup.content.decode()
    qr = body.split('<figure class="qr-code">', 1)[1].split("</figure>", 1)[0]
    assert qr.lstrip().startswith("<svg") and "<path" in qr  # drawn here, as inline SVG
    assert "src=" not in qr and "href=" not in qr  # no image fetched from anywhere
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    wrong = client.post(page["Location"], {"code": "000000"})
    assert wrong.status_code == 400
    assert "klopt niet" in wrong.content.decode()
    assert client.get(STAFF_PAGE[role]).status_code == 302

    later = timezone.now() + datetime.timedelta(seconds=90)  # past django-otp's throttle
    with time_machine.travel(later):
        done = client.post(page["Location"], {"code": code_for(device, later)})
        assert done.status_code == 200
        assert "herstelcodes" in done.content.decode().lower()
        assert len(re.findall(r"<li><code>\w+</code></li>", done.content.decode())) == 10
        assert client.get(STAFF_PAGE[role]).status_code == 200


@pytest.fixture
def enrolled(users):
    """Every enforced role with a confirmed app and recovery codes."""
    result = {}
    for role in ENFORCED:
        device = twofactor.start_app_setup(users[role])
        device.confirmed = True
        device.save()
        result[role] = (device, twofactor.new_recovery_codes(users[role]))
    return result


@pytest.mark.parametrize("role", ENFORCED)
def test_the_right_app_code_passes_and_a_wrong_one_is_refused(client, users, enrolled, role):
    device, _ = enrolled[role]
    post_login(client, users[role].username)
    asked = client.get(STAFF_PAGE[role])
    assert asked["Location"].startswith(reverse("two_factor_verify"))

    wrong = client.post(asked["Location"], {"code": "123456"})
    assert wrong.status_code == 400
    assert "klopt niet" in wrong.content.decode()
    assert client.get(STAFF_PAGE[role]).status_code == 302

    later = timezone.now() + datetime.timedelta(seconds=90)
    with time_machine.travel(later):
        passed = client.post(asked["Location"], {"code": code_for(device, later)})
        assert passed.status_code == 302
        assert passed["Location"] == STAFF_PAGE[role]
        assert client.get(STAFF_PAGE[role]).status_code == 200


@pytest.mark.parametrize("role", ENFORCED)
def test_a_recovery_code_works_once(client, users, enrolled, role):
    _, codes = enrolled[role]
    post_login(client, users[role].username)
    assert client.post(reverse("two_factor_verify"), {"code": codes[0]}).status_code == 302
    assert client.get(STAFF_PAGE[role]).status_code == 200

    second = client.__class__()
    post_login(second, users[role].username)
    later = timezone.now() + datetime.timedelta(seconds=90)
    with time_machine.travel(later):
        again = second.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert again.status_code == 400
    assert second.get(STAFF_PAGE[role]).status_code == 302
    assert StaticToken.objects.filter(device__user=users[role]).count() == 9


def test_the_wagtail_admin_login_asks_for_the_second_factor_too(client, users, enrolled):
    response = post_login(client, "landelijk", url="/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert client.get("/admin/")["Location"].startswith(reverse("two_factor_verify"))


def test_a_password_alone_cannot_replace_an_existing_second_factor(client, users, enrolled):
    post_login(client, "landelijk")
    response = client.get(reverse("two_factor_setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))
    assert TOTPDevice.objects.filter(user=users[Role.NATIONAL], confirmed=False).count() == 0


def test_two_factor_is_optional_for_medewerkers(client, users):
    post_login(client, "medewerker")
    assert client.get("/leren/").status_code != 302 or not client.get("/leren/")[
        "Location"
    ].startswith("/inloggen/tweestaps")
    assert not twofactor.is_required(users[Role.MEDEWERKER])
    assert client.get(reverse("two_factor_setup")).status_code == 200  # may still set it up


def test_a_medewerker_who_set_up_an_app_is_asked_for_it(client, users):
    device = twofactor.start_app_setup(users[Role.MEDEWERKER])
    device.confirmed = True
    device.save()
    post_login(client, "medewerker")
    assert client.get("/leren/")["Location"].startswith(reverse("two_factor_verify"))


def test_superusers_need_two_factor(users):
    user = users[Role.MEDEWERKER]
    user.is_superuser = True
    assert twofactor.is_required(user)


def test_a_next_address_elsewhere_is_not_followed(client, users, enrolled):
    _, codes = enrolled[Role.NATIONAL]
    post_login(client, "landelijk")
    response = client.post(
        reverse("two_factor_verify"), {"code": codes[1], "next": "https://elders.example/"}
    )
    assert response["Location"] == settings.LOGIN_REDIRECT_URL


# --- Password reset ----------------------------------------------------------------------


def test_the_login_page_links_to_password_reset(client):
    page = client.get("/inloggen/").content.decode()
    assert "Wachtwoord vergeten?" in page
    assert reverse("password_reset") in page


def test_password_reset_sends_a_dutch_link_that_sets_a_new_password(client, users):
    form = client.get(reverse("password_reset"))
    assert "Wachtwoord vergeten" in form.content.decode()
    response = client.post(reverse("password_reset"), {"email": "medewerker@example.org"})
    assert response.status_code == 302
    assert "Kijk in je e-mail" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Nieuw wachtwoord voor het IDO-platform"
    link = re.search(r"http://testserver(/inloggen/wachtwoord-herstellen/\S+)", message.body)
    confirm = client.get(link.group(1), follow=True)
    assert "Nieuw wachtwoord kiezen" in confirm.content.decode()
    done = client.post(
        confirm.redirect_chain[-1][0],
        {
            "new_password1": "een-heel-nieuw-wachtwoord-7",
            "new_password2": "een-heel-nieuw-wachtwoord-7",
        },
    )
    assert done.status_code == 302
    assert post_login(client, "medewerker", "een-heel-nieuw-wachtwoord-7").status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, users):
    response = client.post(reverse("password_reset"), {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
