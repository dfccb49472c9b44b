"""Content-Security-Policy in a real browser (issue 10, item 13): public pages, a staff page
and the Wagtail admin load with no console error and no request to another origin."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Watch, sign_in
from tests.ido_platform.factories import LocationFactory, OpeningHoursFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def watched(page, live_server):
    """Console errors (a CSP violation is one) and requests to any other origin."""
    watch = Watch(page, live_server.url)
    return watch.errors, watch.foreign


def visit(page, live_server, watched, path):
    errors, foreign = watched
    response = page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")
    assert response.status < 400, (path, response.status)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "camera=()" in response.headers["permissions-policy"]
    assert errors == [], (path, errors)
    assert foreign == [], (path, foreign)


@pytest.fixture
def site(site_pages):
    location = LocationFactory(slug="venlo", name="Informatiepunt Bibliotheek Venlo", town="Venlo")
    OpeningHoursFactory(location=location)
    return site_pages


@pytest.mark.parametrize("path", ["/", "/locaties/", "/locaties/venlo/", "/inloggen/"])
def test_public_pages_pass_the_policy(site, page, live_server, watched, path):
    visit(page, live_server, watched, path)


def test_staff_pages_and_the_two_factor_set_up_pass_the_policy(
    site, page, live_server, watched, users, login
):
    login("medewerker")
    visit(page, live_server, watched, "/inloggen/tweestaps/instellen/")  # QR code drawn here
    login("landelijk")
    visit(page, live_server, watched, "/kwaliteit/")


def test_the_wagtail_admin_passes_its_policy(site, page, live_server, watched, users, login):
    login("landelijk")
    visit(page, live_server, watched, "/admin/")
    visit(page, live_server, watched, f"/admin/pages/{site.pk}/edit/")
    visit(page, live_server, watched, "/admin/inlogblokkades/")


def test_a_lesson_video_loads_the_providers_player_only_on_a_click(
    site, page, live_server, users, login
):
    from tests.learning import factories

    lesson = factories.module(factories.catalogue(site), title="CJIB en boetes").lessons()[0]
    lesson.body = [
        (
            "video",
            {"video": "https://youtu.be/dQw4w9WgXcQ", "title": "Een brief van het CJIB"},
        )
    ]
    lesson.save_revision().publish()
    # The provider's player, answered here: the test needs no internet, and a frame the
    # policy refused would never reach this handler.
    served = []

    def player(route):
        served.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<p>De speler</p>")

    page.route("https://www.youtube-nocookie.com/**", player)
    watch = Watch(page, live_server.url)
    login("medewerker")
    page.goto(f"{live_server.url}{lesson.url}")
    page.wait_for_load_state("networkidle")
    assert watch.foreign == [] and page.locator("iframe").count() == 0

    page.get_by_role("button", name="Speel de video 'Een brief van het CJIB' hier af").click()
    frame = page.frame_locator("iframe[title='Een brief van het CJIB']")
    expect(frame.get_by_text("De speler")).to_be_visible()
    assert served and served[0].startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    assert watch.errors == [], watch.errors  # the policy's frame-src allows the player
    assert all(url.startswith("https://www.youtube-nocookie.com/") for url in watch.foreign)


def test_without_javascript_a_lesson_video_is_only_the_link(site, browser, live_server, users):
    from tests.learning import factories

    lesson = factories.module(factories.catalogue(site), title="CJIB en boetes").lessons()[0]
    lesson.body = [("video", {"video": "https://vimeo.com/76979871", "title": "Boetes"})]
    lesson.save_revision().publish()
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "medewerker")
        page.goto(f"{live_server.url}{lesson.url}")
        link = page.get_by_role("link", name="Bekijk de video 'Boetes' op de website van de")
        expect(link).to_have_attribute("href", "https://vimeo.com/76979871")
        expect(page.get_by_role("button", name="Speel de video 'Boetes' hier af")).to_be_hidden()
    finally:
        context.close()
