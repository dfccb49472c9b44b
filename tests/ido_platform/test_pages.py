"""The public pages through the test client: home, location overview, location page."""

import pytest

from ido_platform.core.models import DeliveryModel, Province
from tests.ido_platform.factories import LocationFactory, OpeningHoursFactory

pytestmark = pytest.mark.django_db


def test_home_page_is_dutch_with_skip_link_and_footer_links(client, site_pages):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    assert 'href="#inhoud"' in html and 'id="inhoud"' in html
    assert "Naar de inhoud" in html
    assert 'href="/privacyverklaring/"' in html
    assert 'href="/toegankelijkheidsverklaring/"' in html
    assert "Cursussen voor inwoners" in html


def test_location_list_shows_library_municipality_model_and_hours(client, site_pages, location):
    OpeningHoursFactory(location=location, weekday=2, opens="10:00", closes="12:00")
    response = client.get("/locaties/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Informatiepunt Eigen" in html
    assert "Bibliotheek Eigen" in html
    assert "Utrecht (Utrecht)" in html
    assert "Basis (vaste balie met spreekuren)" in html
    assert "dinsdag 10:00–12:00" in html
    assert 'href="/locaties/eigen-ido/"' in html


def test_location_list_filters_by_province_and_delivery_model(client, site_pages):
    LocationFactory(name="IDO Venlo", province=Province.LIMBURG, delivery_model=DeliveryModel.BASIS)
    LocationFactory(name="IDO Breda", province=Province.NOORD_BRABANT)
    LocationFactory(
        name="IDO Roermond", province=Province.LIMBURG, delivery_model=DeliveryModel.BREED
    )
    html = client.get("/locaties/", {"provincie": "LI", "werkwijze": "basis"}).content.decode()
    assert "IDO Venlo" in html
    assert "IDO Breda" not in html
    assert "IDO Roermond" not in html
    assert "1 locatie gevonden" in html


def test_location_list_ignores_unknown_filter_values(client, site_pages, location):
    response = client.get("/locaties/", {"provincie": "XX", "werkwijze": "<script>"})
    assert response.status_code == 200
    assert "Informatiepunt Eigen" in response.content.decode()


def test_location_search_by_town(client, site_pages):
    LocationFactory(name="IDO Noord", town="Groningen", municipality="Groningen")
    LocationFactory(name="IDO Zuid", town="Maastricht", municipality="Maastricht")
    html = client.get("/locaties/", {"zoek": "groning"}).content.decode()
    assert "IDO Noord" in html and "IDO Zuid" not in html


def test_location_page_shows_address_and_opening_hours(client, site_pages, location):
    location.street_address = "Stationsplein 1"
    location.postcode = "3511 ED"
    location.save()
    OpeningHoursFactory(location=location, weekday=4, opens="14:00", closes="16:00")
    response = client.get("/locaties/eigen-ido/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Stationsplein 1" in html and "3511 ED" in html
    assert "Donderdag" in html and "14:00–16:00" in html
    assert "Spreekuur" in html


def test_location_with_only_required_data_still_renders(client, site_pages):
    LocationFactory(
        slug="kaal", name="Kaal IDO", street_address="", postcode="", phone="", email=""
    )
    response = client.get("/locaties/kaal/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "De openingstijden zijn nog niet bekend" in html


def test_unknown_location_gives_a_dutch_404(client, site_pages):
    response = client.get("/locaties/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Deze pagina bestaat niet" in html
    assert '<html lang="nl">' in html


def test_unknown_page_gives_a_dutch_404(client, site_pages):
    response = client.get("/dit/is/geen/pagina/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_privacy_statement_page_renders(client, site_pages):
    response = client.get("/privacyverklaring/")
    assert response.status_code == 200
    assert "burgerservicenummer" in response.content.decode()


def test_health_check_answers(client):
    assert client.get("/gezondheid/").json()["status"] == "ok"


def _make_locations(count):
    for index in range(count):
        location = LocationFactory()
        OpeningHoursFactory(location=location, weekday=1 + index % 5)
        OpeningHoursFactory(location=location, weekday=1 + (index + 1) % 5)


@pytest.mark.parametrize("count", [15, 150])
def test_location_list_query_budget_does_not_grow_with_locations(
    client, site_pages, count, django_assert_max_num_queries
):
    _make_locations(count)
    client.get("/locaties/")  # warm Wagtail's site-root cache, as in production
    with django_assert_max_num_queries(10):
        response = client.get("/locaties/")
    assert response.content.decode().count('class="card"') == count


@pytest.mark.parametrize("count", [15, 150])
def test_home_page_query_budget_does_not_grow_with_locations(
    client, site_pages, count, django_assert_max_num_queries
):
    _make_locations(count)
    client.get("/")
    with django_assert_max_num_queries(8):
        assert client.get("/").status_code == 200
