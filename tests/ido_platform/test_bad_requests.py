"""Bad requests get a Dutch page: a NUL character in the URL (a 400 on every database;
PostgreSQL would raise), a refusal (403) and a form's address opened with GET (405)."""

import pytest

from django.urls import reverse

from ido_platform.core.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/locaties/ab%00cd/", "/locaties/?q=ab%00cd", "/cursussen/api/cursussen/%00"],
)
def test_a_nul_character_in_the_address_is_refused_in_dutch(client, site_pages, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Het adres bevat een teken dat niet is toegestaan." in response.content.decode()


def test_an_ordinary_address_passes_the_guard(client, site_pages):
    assert client.get("/locaties/?q=Venlo").status_code == 200


def test_a_refusal_is_the_dutch_403_page(client, site_pages, users):
    client.force_login(users[Role.MEDEWERKER])
    response = client.get(reverse("learning:national_dashboard"))
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="nl">' in html
    assert "<h1>Geen toegang</h1>" in html
    assert "Forbidden" not in html


def test_a_form_address_opened_with_get_is_a_dutch_405(client, site_pages, users):
    client.force_login(users[Role.MEDEWERKER])
    response = client.get(reverse("learning:lesson_done", args=[1]))
    html = response.content.decode()
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert '<html lang="nl">' in html
    assert "Dit adres werkt alleen met een knop of formulier op de site." in html


def test_a_405_that_explains_itself_is_left_alone(client, site_pages):
    response = client.post("/cursussen/api/cursussen")
    assert response.status_code == 405
    assert response.content == b"Method not allowed"  # django-ninja's own, for machines
