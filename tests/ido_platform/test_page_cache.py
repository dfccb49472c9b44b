"""The page cache (ido_platform/core/pagecache.py) with the cache on: which public pages are
served from it, that each change the public sees makes the very next request show it, what is
never stored, the headers of a stored page, and a cache that fails."""

import logging
import re
from datetime import UTC, time, timedelta

import pytest

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import PageViewRestriction

from courses.runs.models import Enrolment
from courses.runs.services import tokens
from courses.runs.services.enrolment import enrol, promote
from ido_platform.core import pagecache
from ido_platform.core.models import OpeningHours, Role, StandardPage
from tests.courses.factories import CourseRunFactory, course_index, course_page
from tests.ido_platform.factories import LocationFactory, OpeningHoursFactory
from tests.redis_server import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_ALIAS = "default"
    pagecache._pending.clear()
    yield
    pagecache._pending.clear()


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Run what a change does after its commit (the generation bump), as in production."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def public_site(site_pages, library):
    """The public pages: home, locations, statements, the finder and one course with a run."""
    location = LocationFactory(
        organisation=library, name="Informatiepunt Tiel", slug="tiel-ido", municipality="Tiel"
    )
    OpeningHoursFactory(location=location, weekday=1, opens=time(10), closes=time(12))
    finder = course_index(site_pages)
    course = course_page(finder, title="Digisterker", slug="digisterker")
    run = CourseRunFactory(course=course, location=location, seats=8)
    return {"location": location, "finder": finder, "course": course, "run": run}


def get(client, url, **params):
    """GET ``url``; returns the response and the number of queries it cost."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    return response, len(queries)


def stored_pages():
    backend = caches["default"]
    return [key for key in backend._cache if ":pagecache:page:" in key and ":seen" not in key]


def text(response):
    return response.content.decode()


def form_data(**overrides):
    data = {
        "name": "Anna de Vries",
        "phone": "06 12 34 56 78",
        "computer_comfort": "bit",
        "device": "loan",
        "heard_via": "library",
        "consent": "on",
    }
    data.update(overrides)
    return data


def public_urls(site):
    run, course, location = site["run"], site["course"], site["location"]
    return [
        "/",
        "/locaties/",
        f"/locaties/{location.slug}/",
        "/privacyverklaring/",
        "/toegankelijkheidsverklaring/",
        "/cursussen/",
        course.url,
        reverse("courses:location_calendar", args=[location.slug]),
        "/cursussen/api/cursussen",
        f"/cursussen/api/cursussen/{course.slug}",
        "/cursussen/api/groepen",
        f"/cursussen/api/groepen/{run.pk}",
    ]


# --- Served from the cache -----------------------------------------------------------------


def test_every_public_page_is_served_from_the_cache_without_a_query(client, public_site):
    for url in public_urls(public_site):
        first, first_queries = get(client, url)
        again, again_queries = get(client, url)
        assert first.status_code == 200, url
        assert first_queries > 0, url
        assert again_queries == 0, url
        assert again.content == first.content, url
    assert len(stored_pages()) == len(public_urls(public_site))


def test_the_query_string_is_part_of_the_key(client, public_site, library):
    other = LocationFactory(organisation=library, name="Informatiepunt Venlo", municipality="Venlo")
    CourseRunFactory(course=public_site["course"], location=other)
    everything = text(client.get("/cursussen/"))
    assert "Informatiepunt Venlo" in everything and "Informatiepunt Tiel" in everything
    # An address with a query string is stored the second time it is asked for.
    for _ in range(2):
        only_tiel = text(client.get("/cursussen/", {"plaats": "Tiel"}))
    response, queries = get(client, "/cursussen/", plaats="Tiel")
    assert queries == 0
    assert text(response) == only_tiel
    assert "Informatiepunt Venlo" not in only_tiel.split("gevonden")[1]
    response, queries = get(client, "/cursussen/")
    assert queries == 0 and text(response) == everything


def test_a_random_query_string_stores_no_page_the_first_time(client, public_site):
    client.get("/cursussen/", {"x": "eenmalig"})
    assert stored_pages() == []
    client.get("/cursussen/", {"x": "eenmalig"})
    assert len(stored_pages()) == 1


def test_the_page_cache_switched_off_stores_nothing(client, public_site, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get("/")
    _, queries = get(client, "/")
    assert queries > 0
    assert stored_pages() == []


# --- Never stale -----------------------------------------------------------------------------


def test_an_enrolment_shows_on_every_public_page_at_the_next_request(
    client, public_site, after_commit
):
    run, course = public_site["run"], public_site["course"]
    pages = ["/cursussen/", course.url, f"/cursussen/api/groepen/{run.pk}"]
    for url in pages:
        client.get(url)
    assert "Nog 8 plaatsen vrij" in text(client.get(course.url))
    with after_commit():
        response = Client().post(reverse("courses:enrol", args=[run.pk]), form_data())
    assert response.status_code == 302
    assert "Nog 7 plaatsen vrij" in text(client.get("/cursussen/"))
    assert "Nog 7 plaatsen vrij" in text(client.get(course.url))
    assert client.get(f"/cursussen/api/groepen/{run.pk}").json()["seats_left"] == 7


def test_a_cancellation_frees_the_seat_on_the_next_request(client, public_site, after_commit):
    run, course = public_site["run"], public_site["course"]
    result = enrol(run, name="Bea", phone="0611111111")
    assert "Nog 7 plaatsen vrij" in text(client.get(course.url))
    with after_commit():
        response = Client().post(tokens.cancel_path(result.enrolment))
    assert response.status_code == 200
    assert "Nog 8 plaatsen vrij" in text(client.get(course.url))


def test_a_promotion_from_the_waitlist_shows_on_the_next_request(
    client, public_site, users, after_commit
):
    run, course = public_site["run"], public_site["course"]
    run.seats = 1
    run.save()
    enrol(run, name="Eerste", phone="0611111111")
    waiting = enrol(run, name="Tweede", phone="0622222222").enrolment
    assert waiting.status == Enrolment.Status.WAITLISTED
    run.seats = 2  # a seat more, without the service's automatic promotion
    run.save()
    assert "Nog 1 plaats vrij" in text(client.get(course.url))
    with after_commit():
        promote(waiting, by=users[Role.COORDINATOR], reason="Vaste deelnemer")
    assert "Vol — wachtlijst" in text(client.get(course.url))
    assert client.get(f"/cursussen/api/groepen/{run.pk}").json()["waitlist"] is True


def test_a_change_to_a_run_shows_on_the_next_request(client, public_site, after_commit):
    run, course = public_site["run"], public_site["course"]
    assert "Nog 8 plaatsen vrij" in text(client.get(course.url))
    with after_commit():
        run.seats = 12
        run.save()
    assert "Nog 12 plaatsen vrij" in text(client.get(course.url))


def test_a_moved_meeting_shows_on_the_next_request(client, public_site, after_commit):
    run, location = public_site["run"], public_site["location"]
    feed = reverse("courses:location_calendar", args=[location.slug])
    meeting = run.meetings.order_by("starts_at").last()
    moved = meeting.starts_at + timedelta(days=1, hours=1)
    stamp = moved.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert stamp not in text(client.get(feed))
    with after_commit():
        meeting.starts_at = moved
        meeting.ends_at = moved + timedelta(hours=2)
        meeting.save()
    assert f"DTSTART:{stamp}" in text(client.get(feed))


def test_publishing_a_page_shows_on_the_next_request(client, public_site, after_commit):
    course = public_site["course"]
    assert "Digisterker" in text(client.get("/cursussen/"))
    with after_commit():
        course.title = "Digisterker Plus"
        course.save_revision().publish()
    assert "Digisterker Plus" in text(client.get("/cursussen/"))
    assert "Digisterker Plus" in text(client.get(course.url))


def test_unpublishing_a_page_takes_it_off_at_the_next_request(client, public_site, after_commit):
    course = public_site["course"]
    url = course.url
    assert client.get(url).status_code == 200
    assert "Nog 8 plaatsen vrij" in text(client.get("/cursussen/"))
    with after_commit():
        course.unpublish()
    assert client.get(url).status_code == 404
    assert "Nog 8 plaatsen vrij" not in text(client.get("/cursussen/"))


def test_restricting_a_page_takes_it_from_anonymous_visitors_at_the_next_request(
    client, public_site, after_commit
):
    privacy = StandardPage.objects.get(slug="privacyverklaring")
    url = privacy.url
    client.get(url)
    _, queries = get(client, url)
    assert queries == 0  # stored
    with after_commit():
        PageViewRestriction.objects.create(page=privacy, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(url)
    assert response.status_code == 302
    assert "next=/privacyverklaring/" in response["Location"]


def test_a_change_to_a_location_shows_on_the_next_request(client, public_site, after_commit):
    location = public_site["location"]
    page = f"/locaties/{location.slug}/"
    assert "Informatiepunt Tiel" in text(client.get(page))
    client.get("/locaties/")
    with after_commit():
        location.name = "Informatiepunt Tiel-Centrum"
        location.save()
    assert "Informatiepunt Tiel-Centrum" in text(client.get(page))
    assert "Informatiepunt Tiel-Centrum" in text(client.get("/locaties/"))


def test_a_change_to_opening_hours_shows_on_the_next_request(client, public_site, after_commit):
    location = public_site["location"]
    page = f"/locaties/{location.slug}/"
    assert "10:00–12:00" in text(client.get(page))
    with after_commit():
        hours = OpeningHours.objects.get(location=location)
        hours.closes = time(16, 30)
        hours.save()
    assert "10:00–16:30" in text(client.get(page))


def test_a_rolled_back_change_keeps_the_stored_pages(client, public_site):
    from django.db import transaction

    client.get("/cursussen/")
    with pytest.raises(RuntimeError), transaction.atomic():
        public_site["run"].save()
        raise RuntimeError
    _, queries = get(client, "/cursussen/")
    assert queries == 0


# --- Never stored ----------------------------------------------------------------------------


@pytest.mark.urls("tests.ido_platform.page_cache_urls")
@pytest.mark.parametrize(
    "url",
    [
        "/_test/bericht/",
        "/_test/csrf/",
        "/_test/cookie/",
        "/_test/weg/",
        "/_test/prive/",
        "/_test/vary/",
        "/_test/geweigerd/",
        "/_test/sessie/",
        "/_test/niet-aangemeld/",
    ],
)
def test_a_response_that_is_not_for_everyone_is_never_stored(client, url):
    client.get(url)
    assert stored_pages() == []


@pytest.mark.urls("tests.ido_platform.page_cache_urls")
def test_a_plain_marked_view_is_stored(client):
    client.get("/_test/gewoon/")
    assert len(stored_pages()) == 1


@pytest.mark.urls("tests.ido_platform.page_cache_urls")
def test_a_request_with_a_session_or_messages_cookie_is_never_served_from_the_cache(client):
    client.get("/_test/gewoon/")
    assert len(stored_pages()) == 1
    key = stored_pages()[0].split(":", 2)[2]  # without locmem's ":1:" version prefix
    caches["default"].set(key, (200, [], b"uit de cache"))
    assert text(Client().get("/_test/gewoon/")) == "uit de cache"
    for cookie in ("sessionid", "messages"):
        visitor = Client()
        visitor.cookies[cookie] = "iets"
        assert text(visitor.get("/_test/gewoon/")) == "gewoon "


def test_non_get_requests_are_never_stored_or_served(client, public_site):
    response = client.post(reverse("courses:enrol", args=[public_site["run"].pk]), {})
    assert response.status_code == 400  # the form with its errors
    client.head("/")
    assert stored_pages() == []


def test_a_logged_in_user_never_gets_or_leaves_a_stored_page(client, public_site, users):
    anonymous = text(client.get("/"))
    assert "Uitloggen" not in anonymous
    staff = Client()
    staff.force_login(users[Role.COORDINATOR])
    for _ in range(2):
        response, queries = get(staff, "/")
        assert "Uitloggen" in text(response)
        assert queries > 0
    response, queries = get(Client(), "/")
    assert queries == 0 and "Uitloggen" not in text(response)
    assert len(stored_pages()) == 1


def test_the_enrolment_form_keeps_a_working_csrf_token_for_every_visitor(public_site):
    url = reverse("courses:enrol", args=[public_site["run"].pk])
    tokens_seen = []
    for number in range(2):
        visitor = Client(enforce_csrf_checks=True)
        form = visitor.get(url)
        assert form.status_code == 200
        assert "csrftoken" in form.cookies  # rendered for this visitor, not from the cache
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(form)).group(1)
        tokens_seen.append(visitor.cookies["csrftoken"].value)
        data = form_data(name=f"Bezoeker {number}", phone=f"0633333{number:03d}")
        response = visitor.post(url, {**data, "csrfmiddlewaretoken": token})
        assert response.status_code == 302, text(response)
    assert tokens_seen[0] != tokens_seen[1]
    assert stored_pages() == []


def test_personal_pages_are_never_stored(client, public_site):
    result = enrol(public_site["run"], name="Bea", phone="0611111111")
    for url in (tokens.confirmation_path(result.enrolment), tokens.cancel_path(result.enrolment)):
        for _ in range(2):
            response, queries = get(client, url)
            assert response.status_code == 200
            assert queries > 0
    assert stored_pages() == []


# --- Headers -------------------------------------------------------------------------------


def test_a_stored_page_has_the_same_headers_as_a_fresh_one(client, public_site):
    for url in ("/", "/cursussen/", "/cursussen/api/groepen"):
        fresh, fresh_queries = get(client, url)
        stored, stored_queries = get(client, url)
        assert fresh_queries > 0 and stored_queries == 0
        assert dict(stored.items()) == dict(fresh.items())
        assert "default-src 'self'" in stored["Content-Security-Policy"]
        for header in ("Permissions-Policy", "X-Frame-Options", "X-Content-Type-Options"):
            assert stored[header] == fresh[header]


# --- A cache that fails ----------------------------------------------------------------------


class FlakyCache(LocMemCache):
    """A locmem cache that fails while ``failing`` is set: every call raises, as a client
    library does when its server is gone, or (``silent``) reads miss and writes do nothing, as
    DegradingRedisCache answers during an outage."""

    failing = False
    silent = False

    def _failing(self):
        if FlakyCache.failing and not FlakyCache.silent:
            raise ConnectionError("cache unreachable")
        return FlakyCache.failing

    def get(self, key, default=None, version=None):
        return default if self._failing() else super().get(key, default, version)

    def set(self, *args, **kwargs):
        return None if self._failing() else super().set(*args, **kwargs)

    def add(self, *args, **kwargs):
        return False if self._failing() else super().add(*args, **kwargs)


@pytest.fixture
def flaky_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "tests.ido_platform.test_page_cache.FlakyCache",
            "LOCATION": "pages",
        },
    }
    settings.PAGE_CACHE_ALIAS = "pages"
    FlakyCache.failing = FlakyCache.silent = False
    caches["pages"].clear()
    yield FlakyCache
    FlakyCache.failing = FlakyCache.silent = False
    caches["pages"].clear()


def test_a_cache_that_raises_serves_pages_uncached_and_enrolments_still_work(
    client, public_site, flaky_cache, after_commit, caplog
):
    run, course = public_site["run"], public_site["course"]
    flaky_cache.failing = True
    with caplog.at_level(logging.WARNING, logger="ido_platform.core.pagecache"):
        for url in public_urls(public_site):
            assert client.get(url).status_code == 200, url
        with after_commit():
            response = client.post(reverse("courses:enrol", args=[run.pk]), form_data())
        assert response.status_code == 302
        assert "Nog 7 plaatsen vrij" in text(client.get(course.url))
    assert "Page cache" in caplog.text


@pytest.mark.parametrize("silent", [False, True], ids=["raising", "degrading"])
def test_a_change_during_an_outage_is_not_hidden_by_pages_stored_before_it(
    client, public_site, flaky_cache, after_commit, silent
):
    run, course = public_site["run"], public_site["course"]
    client.get(course.url)
    _, queries = get(client, course.url)
    assert queries == 0  # stored
    flaky_cache.failing, flaky_cache.silent = True, silent
    with after_commit():
        enrol(run, name="Tijdens storing", phone="0644444444")
    flaky_cache.failing = False  # the cache is back, with the page stored before the change
    assert "Nog 7 plaatsen vrij" in text(client.get(course.url))


def test_an_unreachable_redis_serves_every_public_page(client, public_site, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "ido_platform.core.cache.DegradingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    settings.PAGE_CACHE_ALIAS = "pages"
    for url in public_urls(public_site):
        assert client.get(url).status_code == 200, url
    for url in public_urls(public_site)[:2]:
        _, queries = get(client, url)
        assert queries > 0  # rendered each time


@pytest.mark.parametrize("silent", [False, True], ids=["raising", "degrading"])
def test_a_process_that_saw_an_outage_serves_no_page_stored_before_it(
    client, public_site, flaky_cache, silent
):
    run, course = public_site["run"], public_site["course"]
    client.get(course.url)
    flaky_cache.failing, flaky_cache.silent = True, silent
    assert client.get(course.url).status_code == 200  # served uncached during the outage
    # Meanwhile another process changed the run; its bump was lost in the outage.
    type(run).objects.filter(pk=run.pk).update(seats=12)
    flaky_cache.failing = False
    assert "Nog 12 plaatsen vrij" in text(client.get(course.url))
