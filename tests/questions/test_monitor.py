"""The monitor's figures: small numbers hidden so that totals cannot recover them, the
rollups always equal a count over the raw rows (property test), the same number of queries
at two data sizes, the period figure and the audit metric, and the peak detector."""

import datetime
import itertools
import uuid
from collections import Counter

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ido_platform.core import metrics
from ido_platform.core.models import Role
from questions.models import OrganisationTally, Visit
from questions.services import monitor, registration, suppression, tallies, trends
from questions.services.registration import ImportedVisit
from tests.ido_platform.factories import ServiceProviderFactory, TopicFactory
from tests.questions.factories import question, register

pytestmark = pytest.mark.django_db


def lines_leak(values, constraints, hidden):
    """A hidden cell is recoverable when a line with a shown total hides exactly one cell."""
    return [
        total
        for members, total in constraints
        if total not in hidden and sum(1 for key in members if key in hidden) == 1
    ]


@given(st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=8))
def test_a_line_never_hides_exactly_one_cell_under_a_shown_total(counts):
    shown, total = suppression.hide_line(dict(enumerate(counts)), limit=5)
    hidden = [key for key, value in shown.items() if value is None]
    assert all(value is None for key, value in shown.items() if 0 < counts[key] < 5)
    if total is not None:
        assert len(hidden) != 1
        if hidden:
            # The hidden cells' sum is known, but not any single one of them.
            assert total - sum(v for v in shown.values() if v is not None) == sum(
                counts[key] for key in hidden
            )


@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=9), min_size=3, max_size=3),
        min_size=2,
        max_size=4,
    )
)
def test_a_table_with_row_and_column_totals_hides_no_cell_recoverably(matrix):
    rows, columns = list(range(len(matrix))), [0, 1, 2]
    cells = {(r, c): matrix[r][c] for r in rows for c in columns}
    shown, row_totals, column_totals, grand = suppression.hide_matrix(cells, rows, columns, 5)
    for r in rows:
        if row_totals[r] is not None:
            assert sum(1 for c in columns if shown[(r, c)] is None) != 1
    for c in columns:
        if column_totals[c] is not None:
            assert sum(1 for r in rows if shown[(r, c)] is None) != 1
    if grand is not None:
        assert sum(1 for r in rows if row_totals[r] is None) != 1


def test_trying_to_recover_a_hidden_cell_from_the_total_fails():
    shown, total = suppression.hide_line({"DigiD": 20, "AOW": 3, "DUO": 9}, limit=5)
    assert shown["AOW"] is None
    assert shown["DUO"] is None  # hidden as well, or 32 - 20 - 9 would give AOW away
    assert total == 32


@hypothesis_settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["register", "correct", "delete"]),
            st.integers(min_value=1, max_value=3),
            st.sampled_from(["desk", "phone", "outside"]),
            st.sampled_from(["information", "together", "referred"]),
        ),
        min_size=1,
        max_size=10,
    )
)
def test_the_rollups_always_equal_a_count_over_the_raw_rows(users, location, steps):
    employee = users[Role.MEDEWERKER]
    Visit.objects.all().delete()
    tallies.rebuild()
    topic, provider = TopicFactory(), ServiceProviderFactory()
    visits = []
    for action, amount, channel, done in steps:
        questions = [
            question(
                topic=topic if n % 2 else None,
                action=done,
                referred_to="legal",
                service_providers=[provider] if n != 1 else [],
                other_organisation="municipality" if n == 2 else "",
            )
            for n in range(amount)
        ]
        live = [v for v in visits if not v.is_deleted]
        if action == "register" or not live:
            visits.append(register(location, employee, channel=channel, questions=questions))
        elif action == "correct":
            registration.correct_visit(live[0], by=employee, channel=channel, questions=questions)
        else:
            visits[visits.index(live[-1])] = registration.delete_visit(live[-1], by=employee)
    assert tallies.tallied_counts() == tallies.raw_counts()
    kept = tallies.tallied_counts(), organisation_counts()
    tallies.rebuild()  # the set-based rebuild (bulk loads) gives the same rollups
    assert (tallies.tallied_counts(), organisation_counts()) == kept


def organisation_counts():
    return +Counter(
        {
            (row.location_id, row.day, row.organisation_key): row.count
            for row in OrganisationTally.objects.all()
        }
    )


def bulk_visits(location, count, topic):
    today = timezone.localdate()
    registration.import_visits(
        [
            ImportedVisit(
                client_id=uuid.uuid4(),
                location=location,
                channel="desk",
                day=today - datetime.timedelta(days=n % 80),
                hour=9 + n % 8,
                questions=[question(topic=topic if n % 3 else None)],
            )
            for n in range(count)
        ]
    )


def monitor_queries(user):
    selection = monitor.default_selection()
    user = type(user).objects.get(pk=user.pk)  # a fresh request: roles not yet loaded
    with CaptureQueriesContext(connection) as queries:
        figures = monitor.figures(user, selection)
    LAST[:] = queries.captured_queries
    return len(queries), figures


LAST = []


def test_the_dashboard_costs_the_same_queries_at_two_data_sizes(users, location, other_location):
    topic = TopicFactory()
    bulk_visits(location, 20, topic)
    small, figures_small = monitor_queries(users[Role.NATIONAL])
    bulk_visits(location, 1500, topic)
    bulk_visits(other_location, 1500, TopicFactory())
    large, figures_large = monitor_queries(users[Role.NATIONAL])
    assert small == large <= 7, [q["sql"][:80] for q in LAST]
    assert figures_large.total > figures_small.total


def test_the_period_figure_counts_questions_per_location(users, location, other_location):
    register(location, users[Role.MEDEWERKER], questions=[question(), question()])
    today = timezone.localdate()
    figure = metrics.get_period_figure("questions_registered")
    values = figure.values([location.pk, other_location.pk], today, today)
    assert values == {location.pk: 2, other_location.pk: 0}
    assert figure.values([location.pk], today + datetime.timedelta(days=1), today) == {
        location.pk: 0
    }


def test_the_registration_weeks_metric_counts_weeks_with_questions(location):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    topic = TopicFactory()
    registration.import_visits(
        [
            ImportedVisit(
                client_id=uuid.uuid4(),
                location=location,
                channel="desk",
                day=monday - datetime.timedelta(weeks=weeks, days=-2),
                questions=[question(topic=topic)],
            )
            for weeks in (1, 2, 2, 5)
        ]
    )
    assert metrics.get("question_registration_weeks").value(location.pk) == 3


def weekly_series(location, topic, counts, last_monday):
    rows = []
    for weeks_ago, count in enumerate(reversed(counts)):
        day = last_monday - datetime.timedelta(weeks=weeks_ago) + datetime.timedelta(days=1)
        rows += [
            ImportedVisit(
                client_id=uuid.uuid4(),
                location=location,
                channel="desk",
                day=day,
                questions=[question(topic=topic)],
            )
            for _ in range(count)
        ]
    registration.import_visits(rows)


def test_the_peak_detector_flags_a_clear_peak_and_nothing_in_a_flat_series(location, users):
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday() + 7)
    flat, peaked = TopicFactory(name="Vlak"), TopicFactory(name="CoronaCheck")
    weekly_series(location, flat, [6, 7, 5, 6, 8, 6, 5, 7, 7], monday)
    weekly_series(location, peaked, [4, 5, 3, 4, 5, 4, 4, 5, 30], monday)
    peaks = trends.flag_peaks(monday)
    assert {(peak.topic, peak.province) for peak in peaks} == {
        (peaked, ""),
        (peaked, location.province),
    }
    assert trends.flag_peaks(monday) == []  # told once


def test_the_demo_generator_makes_a_peak_the_detector_finds(db):
    from ido_platform.core import demo as core_demo
    from questions import demo

    core_demo.load_libraries()
    core_demo.load_topics(core_demo.load_service_providers())
    today = timezone.localdate()
    rows = [row for row in demo.generate(today) if row.day >= today - datetime.timedelta(weeks=13)]
    registration.import_visits(rows)
    peak_week = today - datetime.timedelta(days=today.weekday(), weeks=demo.PEAK_WEEKS_AGO)
    found = {(topic_id, province) for province, topic_id, *_ in trends.find_peaks(peak_week)}
    from ido_platform.core.models import Topic

    phishing = Topic.objects.get(slug="phishing").pk
    assert (phishing, "") in found
    quiet_week = peak_week - datetime.timedelta(weeks=1)
    assert all(topic_id != phishing for _p, topic_id, *_ in trends.find_peaks(quiet_week))
    assert len(list(itertools.islice(rows, 1))) == 1


def test_the_last_registration_in_the_selection_comes_from_the_rollup(users, location):
    topic, other_topic = TopicFactory(), TopicFactory()
    first = register(location, users[Role.MEDEWERKER], questions=[question(topic=topic)])
    later = register(location, users[Role.MEDEWERKER], questions=[question(topic=other_topic)])
    selection = monitor.default_selection()
    national = users[Role.NATIONAL]
    assert monitor.figures(national, selection).latest == later.registered_at
    selection.topic_id = topic.pk
    assert monitor.figures(national, selection).latest == first.registered_at
    registration.correct_visit(
        first, by=users[Role.MEDEWERKER], channel="phone", questions=[question(topic=topic)]
    )
    selection.channel = "phone"  # the corrected visit's new cell keeps its registration time
    assert monitor.figures(national, selection).latest == first.registered_at
    selection.topic_id = None
    selection.channel = "email"
    assert monitor.figures(national, selection).latest is None


def test_shared_figures_are_computed_once_per_period_and_say_when(users, location, settings):
    settings.QUESTIONS_SHARED_FIGURES_SECONDS = 60
    topic = TopicFactory()
    bulk_visits(location, 8, topic)
    queries, first = monitor_queries(users[Role.NATIONAL])
    assert first.total == 8 and first.computed_at is not None
    register(location, users[Role.MEDEWERKER], questions=[question(topic=topic)])
    cached_queries, cached = monitor_queries(users[Role.NATIONAL])
    # Only the selection's place and the viewer's scope are read; the rollup is not.
    assert cached_queries < queries and "questions_" not in " ".join(q["sql"] for q in LAST)
    assert (cached.total, cached.computed_at) == (8, first.computed_at)
    # The library's own view is live: its coordinator sees the new registration at once.
    own = monitor.default_selection()
    own.organisation_id = location.organisation_id
    live = monitor.figures(users[Role.COORDINATOR], own)
    assert (live.shared, live.total, live.computed_at) == (False, 9, None)
    # A different selection is computed on its own.
    selection = monitor.default_selection()
    selection.topic_id = topic.pk
    assert monitor.shared_figures_key(selection) != monitor.shared_figures_key(own)
    filtered = monitor.figures(users[Role.NATIONAL], selection)
    settings.QUESTIONS_SHARED_FIGURES_SECONDS = 0
    assert filtered.series == monitor.figures(users[Role.NATIONAL], selection).series


def test_shared_figures_are_recomputed_once_their_period_is_over(users, location, settings):
    settings.QUESTIONS_SHARED_FIGURES_SECONDS = 60
    topic = TopicFactory()
    bulk_visits(location, 8, topic)
    assert monitor_queries(users[Role.NATIONAL])[1].total == 8
    register(location, users[Role.MEDEWERKER], questions=[question(topic=topic)])
    cache.delete(monitor.shared_figures_key(monitor.default_selection()))  # the period is over
    assert monitor_queries(users[Role.NATIONAL])[1].total == 9


def test_shared_figures_survive_a_cache_that_raises(users, location, settings):
    settings.QUESTIONS_SHARED_FIGURES_SECONDS = 60
    settings.CACHES = {
        "default": {
            "BACKEND": "ido_platform.core.cache.DegradingRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens: every call fails
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    assert type(caches["default"]).__name__ == "DegradingRedisCache"  # what monitor uses
    bulk_visits(location, 8, TopicFactory())
    assert monitor_queries(users[Role.NATIONAL])[1].total == 8
    assert monitor_queries(users[Role.NATIONAL])[1].total == 8


def test_the_national_dashboard_says_how_fresh_its_figures_are(client, users, settings):
    settings.QUESTIONS_SHARED_FIGURES_SECONDS = 60
    client.force_login(users[Role.NATIONAL])
    page = client.get("/vragen/monitor/").content.decode()
    assert "Deze cijfers zijn berekend om" in page and "elke 60 seconden" in page
    settings.QUESTIONS_SHARED_FIGURES_SECONDS = 0
    page = client.get("/vragen/monitor/").content.decode()
    assert "elke registratie telt meteen mee" in page
