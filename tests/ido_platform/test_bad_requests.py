"""A NUL character in a URL gets a Dutch 400, on every database (PostgreSQL would raise)."""

import pytest

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
