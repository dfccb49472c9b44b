"""The enrolment form's rate limit: per client as our own proxies report it (a spoofed
X-Forwarded-For is ignored), new enrolments and refused submissions counted apart, limits
from settings, a 429 with Retry-After and a Dutch page that points to the library, and a
failing cache that lets everyone through."""

import logging

import pytest
import time_machine

from django.utils import timezone

from tests.courses.test_public_pages import enrol_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen():
    # Counts are per window of the wall clock; hold the clock still so a window boundary
    # between two posts cannot reset a count.
    with time_machine.travel(timezone.now(), tick=False):
        yield


@pytest.fixture
def limits(settings):
    settings.COURSES_ENROL_RATE = "3/h"
    settings.COURSES_ENROL_FAILURE_RATE = "2/15m"
    settings.TRUSTED_PROXY_COUNT = 0
    return settings


def post(client, run, number, **headers):
    return client.post(enrol_url(run), form_data(phone=f"06000000{number:02d}"), **headers)


def refused(client, run, **headers):
    return client.post(enrol_url(run), form_data(consent=None), **headers)


def test_the_fourth_enrolment_from_one_client_gets_a_dutch_429_with_retry_after(
    client, run, location, limits, frozen
):
    location.phone = "077 320 12 34"
    location.save()
    for number in range(3):
        assert post(client, run, number).status_code == 302
    response = post(client, run, 99)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    html = response.content.decode()
    assert "Even wachten" in html
    assert "Bel of kom langs bij de bibliotheek" in html
    assert "077 320 12 34" in html and location.name in html
    assert run.enrolments.count() == 3


def test_refused_submissions_are_counted_apart_from_enrolments(client, run, limits, frozen):
    # Two enrolments use none of the failure budget ...
    assert post(client, run, 1).status_code == 302
    assert post(client, run, 2).status_code == 302
    # ... and two refused forms use none of the enrolment budget, but use up their own.
    assert refused(client, run).status_code == 400
    assert refused(client, run).status_code == 400
    response = post(client, run, 3)
    assert response.status_code == 429
    assert int(response["Retry-After"]) <= 15 * 60
    assert run.enrolments.count() == 2


def test_a_double_submit_is_not_counted_as_a_new_enrolment(client, run, limits, frozen):
    for _attempt in range(5):
        assert post(client, run, 1).status_code == 302
    assert post(client, run, 2).status_code == 302
    assert run.enrolments.count() == 2


def test_without_trusted_proxies_a_spoofed_forwarded_for_header_is_ignored(
    client, run, limits, frozen
):
    for number in range(3):
        spoofed = f"203.0.113.{number}"
        assert post(client, run, number, HTTP_X_FORWARDED_FOR=spoofed).status_code == 302
    assert post(client, run, 9, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429


def test_behind_one_trusted_proxy_each_client_has_its_own_count(client, run, limits, frozen):
    limits.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # everyone arrives from the proxy's address
    for number in range(3):
        assert (
            post(client, run, number, HTTP_X_FORWARDED_FOR="192.0.2.10", **proxy).status_code == 302
        )
    # The same person again, with a forged entry in front of the one the proxy appended.
    forged = "203.0.113.99, 192.0.2.10"
    assert post(client, run, 50, HTTP_X_FORWARDED_FOR=forged, **proxy).status_code == 429
    # Another visitor behind the same proxy is not held up by the first.
    assert post(client, run, 60, HTTP_X_FORWARDED_FOR="192.0.2.20", **proxy).status_code == 302


def test_ipv6_clients_count_per_64_network(client, run, limits, frozen):
    limits.TRUSTED_PROXY_COUNT = 1
    for number in range(3):
        address = f"2001:db8:1:2::{number + 1}"
        assert post(client, run, number, HTTP_X_FORWARDED_FOR=address).status_code == 302
    assert post(client, run, 9, HTTP_X_FORWARDED_FOR="2001:db8:1:2::ff").status_code == 429


def test_limits_come_from_settings_and_none_switches_one_off(client, run, limits, frozen):
    limits.COURSES_ENROL_RATE = None
    for number in range(6):
        assert post(client, run, number).status_code == 302
    assert run.enrolments.count() == 6


class BrokenCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Redis is weg")

        return fail


def test_a_failing_cache_lets_enrolments_through_with_a_logged_warning(
    client, run, limits, frozen, monkeypatch, caplog
):
    from ido_platform.core import throttle

    monkeypatch.setattr(throttle, "cache", BrokenCache())
    with caplog.at_level(logging.WARNING, logger="ido_platform.core.throttle"):
        for number in range(5):
            assert post(client, run, number).status_code == 302
    assert run.enrolments.count() == 5
    assert "Rate limit courses-enrolled not checked" in caplog.text
