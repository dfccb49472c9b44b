"""Reflow (WCAG 1.4.10): every page that the crawler reaches, for every demo role, fits a
320 px wide screen without scrolling sideways. Wide tables and charts scroll inside their own
labelled, focusable region instead of widening the page. The same visits also pass the
Content-Security-Policy (no violation in the console) and ask no other origin for anything
(issue 10, item 13): the watch of tests/browser/test_security_headers.py listens along and
loads nothing itself.

The pages come from the same crawl as tests/ido_platform/test_crawl.py (the Django test
client follows every same-site link from the start pages); the browser then opens one or two
pages per URL pattern (or Wagtail page type), in one browser with one login per role."""

from collections import Counter

import pytest
from playwright.sync_api import Error as PlaywrightError

from django.conf import settings

from tests.browser.conftest import Watch, sign_in
from tests.ido_platform.test_crawl import ROLES, crawl, view_key, visit_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = 320
# Pages per URL pattern (or Wagtail page type) opened in the browser: the variations of one
# view share one template.
PER_PATTERN = 1
# Pages that must also fit a desktop screen (the course figures were 1,693 px wide at 1,280).
WIDE_CHECKS = ["/cursussen/beheer/cijfers/"]

MEASURE = """() => {
    const width = document.scrollingElement.scrollWidth;
    const unlabelled = [...document.querySelectorAll('.scroll-region')].filter(region =>
        region.getAttribute('role') !== 'region' || !region.getAttribute('aria-label')
        || region.getAttribute('tabindex') !== '0').length;
    const loose = [...document.querySelectorAll('main table')].filter(table =>
        !table.closest('[role=region]')).length;
    return {width, unlabelled, loose};
}"""


def pages_for(role):
    """The HTML pages the crawler reaches as ``role``, a few per URL pattern."""
    visit = visit_as(role)
    crawl(visit)
    per_key = Counter()
    pages = []
    for url, status in visit.statuses.items():
        if status != 200:
            continue
        path = url.partition("?")[0]
        key = visit.page_types.get(path) or view_key(path)
        if per_key[key] >= PER_PATTERN:
            continue
        per_key[key] += 1
        pages.append(url)
    return pages


def log_in(page, base, role):
    sign_in(page, base, role, settings.DEMO_PASSWORD)
    assert "/inloggen/" not in page.url, f"{role} could not log in"


def watched(watch, role, where):
    """What the watch saw since it was last read: policy violations, other origins. Not
    cleared before a visit, so what a page does after its load is reported with the next."""
    found = [f"{role}: {where}: {error}" for error in watch.policy_errors()]
    found += [f"{role}: {where} asks another origin for {url}" for url in watch.foreign]
    watch.clear()
    return found


@pytest.mark.filterwarnings("ignore:Limit for query logging exceeded")  # the crawl counts writes
def test_every_page_of_every_role_fits_a_320_px_screen(demo, browser, live_server):
    failures = []
    visited = Counter()
    for role in ROLES:
        urls = pages_for(role)
        context = browser.new_context(locale="nl-NL", viewport={"width": NARROW, "height": 800})
        page = context.new_page()
        page.set_default_timeout(15_000)
        watch = Watch(page, live_server.url)
        if role != "anoniem":
            log_in(page, live_server.url, role)
            failures += watched(watch, role, "the login")
        for url in urls:
            try:
                response = page.goto(f"{live_server.url}{url}")
            except PlaywrightError as error:  # a PDF or spreadsheet is a download, not a page
                if "Download is starting" in str(error):
                    continue
                raise
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            visited[role] += 1
            failures += watched(watch, role, url)
            found = page.evaluate(MEASURE)
            if found["width"] > NARROW:
                failures.append(f"{role}: {url} is {found['width']} px wide at {NARROW} px")
            if found["unlabelled"]:
                failures.append(f"{role}: {url} has a scroll region without role/label/tabindex")
            if found["loose"]:
                failures.append(f"{role}: {url} has {found['loose']} table(s) outside a region")
        if role == "landelijk":
            page.set_viewport_size({"width": 1280, "height": 900})
            for url in WIDE_CHECKS:
                page.goto(f"{live_server.url}{url}")
                width = page.evaluate("document.scrollingElement.scrollWidth")
                if width > 1280:
                    failures.append(f"{role}: {url} is {width} px wide at 1280 px")
        failures += watched(watch, role, "the last page")  # what arrived after its check
        context.close()

    assert all(visited[role] >= 5 for role in ROLES), visited
    assert not failures, "\n".join(failures)
