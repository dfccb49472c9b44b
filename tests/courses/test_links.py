"""The one absolute-URL builder: every link in a message or a document starts with the
configured public address, whatever host the request (or no request) came from."""

import pytest

from django.core import mail

from courses.learning.services.certificates import verification_url
from courses.runs.services import enrolment as service
from ido_platform.core import links

PUBLIC = "https://www.informatiepuntdigitaleoverheid.nl"


def test_a_path_becomes_a_link_on_the_public_address(settings):
    settings.PUBLIC_BASE_URL = PUBLIC + "/"
    assert links.absolute_url("/cursussen/") == PUBLIC + "/cursussen/"
    assert links.absolute_url("cursussen/") == PUBLIC + "/cursussen/"
    assert links.absolute_reverse("courses:enrol", args=[7]) == PUBLIC + "/cursussen/aanmelden/7/"
    assert links.absolute_url("https://elders.example/x") == "https://elders.example/x"


@pytest.mark.django_db
def test_the_cancel_link_in_a_confirmation_uses_the_public_address(
    run, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_BASE_URL = PUBLIC
    with django_capture_on_commit_callbacks(execute=True):
        service.enrol(run, name="Anna", email="anna@example.org")
    assert f"{PUBLIC}/cursussen/afmelden/" in mail.outbox[0].body
    assert "127.0.0.1" not in mail.outbox[0].body and "testserver" not in mail.outbox[0].body


@pytest.mark.django_db
def test_the_open_data_api_links_to_the_public_address_not_the_requests_host(client, run, settings):
    settings.PUBLIC_BASE_URL = PUBLIC
    data = client.get("/cursussen/api/groepen", HTTP_HOST="testserver").json()
    assert data["results"][0]["enrol_url"] == f"{PUBLIC}/cursussen/aanmelden/{run.pk}/"


def test_a_certificate_names_its_verification_page_on_the_public_address(settings):
    settings.PUBLIC_BASE_URL = PUBLIC

    class Certificate:
        display_code = "ABCD-EFGH-JKLM"

    assert verification_url(Certificate()) == PUBLIC + "/certificaat/ABCD-EFGH-JKLM/"
