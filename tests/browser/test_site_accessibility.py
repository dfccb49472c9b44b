"""The public site in a real browser: keyboard, landmarks and zero axe violations."""

import pytest
from playwright.sync_api import expect

from tests.ido_platform.factories import LocationFactory, OpeningHoursFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(site_pages):
    location = LocationFactory(slug="venlo", name="Informatiepunt Bibliotheek Venlo", town="Venlo")
    OpeningHoursFactory(location=location)
    LocationFactory(slug="kaal", name="Informatiepunt Zonder Gegevens")
    return site_pages


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/locaties/",
        "/locaties/venlo/",
        "/locaties/kaal/",
        "/privacyverklaring/",
        "/inloggen/",
        "/locaties/onbekend/",
    ],
)
def test_public_page_has_no_wcag_violations(site, page, live_server, axe, path):
    page.goto(f"{live_server.url}{path}")
    assert page.locator("html").get_attribute("lang") == "nl"
    axe(page)


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(site, page, live_server):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Naar de inhoud"
    page.keyboard.press("Enter")
    expect(page.locator("#inhoud")).to_be_focused()


def test_visitor_finds_a_location_by_province(site, page, live_server, axe):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Zoek een locatie").click()
    page.get_by_label("Plaats, gemeente of bibliotheek").fill("Venlo")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Informatiepunt Bibliotheek Venlo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Informatiepunt Bibliotheek Venlo", use_inner_text=True
    )
    axe(page)


def test_mobile_layout_has_no_violations(site, browser, live_server, axe):
    context = browser.new_context(locale="nl-NL", viewport={"width": 375, "height": 740})
    mobile = context.new_page()
    mobile.goto(f"{live_server.url}/locaties/")
    axe(mobile)
    overflow = mobile.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    context.close()
    assert overflow is False
