"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser) against
pytest-django's live server; axe-core checks WCAG 2.1 A and AA."""

import os
import shutil
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from django.conf import settings
from django.core.cache import cache

from tests.demo_snapshot import load_demo
from tests.services import missing

# Playwright's sync API runs an event loop in this thread; Django's database calls in the
# test body are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Assertions wait as long as actions do (page.set_default_timeout below): on a loaded CI
# machine an image or a redirect may take longer than Playwright's 5 s default.
expect.set_options(timeout=10_000)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        missing("Chromium is not installed (apt-get install chromium): browser tests skipped.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(db):
    """The whole demo, as ``load_demo_data`` writes it (after its first load in the test
    process a copy of it, tests/demo_snapshot.py); gives the demo accounts' password."""
    load_demo()
    yield settings.DEMO_PASSWORD
    cache.clear()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    instance = Axe()

    def check(page):
        """Fail with axe's report when the page has any WCAG 2.1 A/AA violation."""
        result = instance.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert result.violations_count == 0, result.generate_report()
        return result

    return check


class Watch:
    """What a page does against the Content-Security-Policy and the promise of no third
    party: its console errors (a CSP violation is one; so is an uncaught script error) and its
    requests to any origin but ours. Listeners only: watching loads nothing."""

    def __init__(self, page, base_url):
        self.errors, self.foreign = [], []
        self.missing = []  # 404s of requests the page made; the browser's own favicon is not one
        self.own = urlparse(base_url).netloc
        page.on("console", self._console)
        page.on("response", lambda r: self.missing.append(r.url) if r.status == 404 else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", self._request)

    def _console(self, message):
        if message.type == "error" and not ("status of 404" in message.text and not self.missing):
            self.errors.append(message.text)

    def _request(self, request):
        parsed = urlparse(request.url)
        if parsed.scheme in ("http", "https") and parsed.netloc != self.own:
            self.foreign.append(request.url)

    def policy_errors(self):
        """The console errors that are Content-Security-Policy violations."""
        return [error for error in self.errors if "Content Security Policy" in error]

    def clear(self):
        for found in (self.errors, self.foreign, self.missing):
            found.clear()


def sign_in(page, base_url, username, password="geheim-wachtwoord"):
    """Log ``username`` in through the real login form, and through the two-factor check
    with a fresh recovery code where the role needs one."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    code = None
    # Any account may be asked for a code: required roles, and anyone who set up a device.
    if user is not None:
        device, _ = StaticDevice.objects.get_or_create(user=user, name="browsertest")
        code = StaticToken.random_token()
        StaticToken.objects.create(device=device, token=code)
    page.goto(f"{base_url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    if code and "/inloggen/tweestaps/" in page.url:
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Controleren").click()
        page.wait_for_load_state()


@pytest.fixture
def login(page, live_server):
    """Log a user in on the ``page`` fixture (see sign_in)."""

    def do_login(username, password="geheim-wachtwoord"):
        sign_in(page, live_server.url, username, password)

    return do_login
