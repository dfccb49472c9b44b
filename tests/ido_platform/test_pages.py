"""The public pages through the test client: home, location overview, location page."""

import pytest

from ido_platform.core import demo
from ido_platform.core.models import DeliveryModel, HomePage, Location, Province
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


def test_location_page_links_the_address_to_a_map_without_loading_one(client, site_pages):
    LocationFactory(slug="met-adres", street_address="Markt 1", postcode="5911 AB", town="Venlo")
    html = client.get("/locaties/met-adres/").content.decode()
    assert "https://www.openstreetmap.org/search?query=Markt+1%2C+5911+AB+Venlo" in html
    assert "<iframe" not in html
    assert html.count("openstreetmap.org") == 1  # a link only: no tiles, no script


def test_every_demo_location_shows_street_postcode_and_phone(client, site_pages):
    demo.load_libraries()
    locations = list(Location.objects.all())
    assert len(locations) == 15
    for location in locations:
        html = client.get(f"/locaties/{location.slug}/").content.decode()
        assert location.street_address and location.street_address in html, location.slug
        assert location.postcode and location.postcode in html, location.slug
        assert f'href="tel:{location.phone.replace(" ", "")}"' in html, location.slug


def test_home_page_puts_citizens_first_and_staff_entrances_after_them(client, site_pages):
    html = client.get("/").content.decode()
    main = html.split('id="inhoud"', 1)[1]
    citizens, _, staff = main.partition('class="staff-entrances"')
    assert "Een informatiepunt zoeken" in citizens and "Cursussen voor inwoners" in citizens
    assert "/leren/" not in citizens and "/kwaliteit/" not in citizens
    assert 'href="/leren/"' in staff and 'href="/kwaliteit/"' in staff


def test_an_older_demo_home_page_gets_its_staff_cards_moved_down(client, site_pages):
    home = HomePage.objects.get()
    home.journeys = [
        *[("card", block.value) for block in home.journeys],
        *[("card", block.value) for block in home.staff_links],
    ]
    home.staff_links = []
    home.save_revision().publish()
    demo.load_pages()
    home.refresh_from_db()
    assert [b.value["url"] for b in home.staff_links] == ["/leren/", "/kwaliteit/"]
    assert all(b.value["url"] not in {"/leren/", "/kwaliteit/"} for b in home.journeys)
