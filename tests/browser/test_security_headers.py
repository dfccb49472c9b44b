"""Content-Security-Policy in a real browser (issue 10, item 13): public pages, a staff page
and the Wagtail admin load with no console error and no request to another origin."""

from urllib.parse import urlparse

import pytest

from tests.ido_platform.factories import LocationFactory, OpeningHoursFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def watched(page, live_server):
    """Console errors (a CSP violation is one) and requests to any other origin."""
    errors, foreign = [], []
    missing = []  # 404s of requests the page made; the browser's own favicon.ico is not one

    def console(message):
        if message.type == "error" and not ("status of 404" in message.text and not missing):
            errors.append(message.text)

    page.on("console", console)
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    own = urlparse(live_server.url).netloc

    def record(request):
        parsed = urlparse(request.url)
        if parsed.scheme in ("http", "https") and parsed.netloc != own:
            foreign.append(request.url)

    page.on("request", record)
    return errors, foreign


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
