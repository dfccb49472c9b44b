"""The IDO monitor: question figures for a selection of locations and a period, read from the
rollups in a fixed number of queries however many registrations there are.

Figures about locations outside the viewer's own library are "shared": small numbers are
hidden there (``suppression``). Organisation figures follow the place and period filters
only (a question can be about several organisations)."""

import dataclasses
import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, Max, Q, Sum
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ido_platform.core.models import Location, Role, ServiceProvider, Topic
from ido_platform.core.permissions import is_national, organisation_ids
from questions.models import (
    Channel,
    ImpactResponse,
    Kind,
    OrganisationTally,
    OtherOrganisation,
    QuestionTally,
    Referral,
)
from questions.services import suppression

GRANULARITIES = {  # the periods a series is counted in (``period_start``)
    "week": gettext_lazy("week"),
    "maand": gettext_lazy("maand"),
    "kwartaal": gettext_lazy("kwartaal"),
    "jaar": gettext_lazy("jaar"),
}
WEEKDAYS = [
    gettext_lazy("ma"),
    gettext_lazy("di"),
    gettext_lazy("wo"),
    gettext_lazy("do"),
    gettext_lazy("vr"),
    gettext_lazy("za"),
    gettext_lazy("zo"),
]


@dataclass
class Selection:
    """What the monitor shows: a period, a place and optional categories."""

    start: datetime.date
    end: datetime.date
    granularity: str = "week"
    province: str = ""
    municipality: str = ""
    organisation_id: int | None = None
    location_id: int | None = None
    kind: str = ""
    topic_id: int | None = None
    channel: str = ""
    place: str = ""  # "inside" / "outside" the library, or both

    def locations(self):
        locations = Location.objects.all()
        if self.province:
            locations = locations.filter(province=self.province)
        if self.municipality:
            locations = locations.in_municipality(self.municipality)
        if self.organisation_id:
            locations = locations.filter(organisation_id=self.organisation_id)
        if self.location_id:
            locations = locations.filter(pk=self.location_id)
        return locations


@dataclass
class Figures:
    selection: Selection
    shared: bool
    total: int | None = 0
    series: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    kinds: list = field(default_factory=list)
    channels: list = field(default_factory=list)
    referrals: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    busy_hours: dict = field(default_factory=dict)
    impact: dict = field(default_factory=dict)
    latest: datetime.datetime | None = None
    # Set when the figures are shared ones read from the cache: when they were computed.
    computed_at: datetime.datetime | None = None


def is_shared(user, locations):
    """True when the selection holds any location outside the viewer's own library (for a
    national role always: its figures leave the libraries' own view)."""
    if is_national(user):
        return True
    own = organisation_ids(user, Role.MEDEWERKER, Role.COORDINATOR)
    return locations.exclude(organisation_id__in=own).exists()


def _tallies(selection, locations):
    tallies = QuestionTally.objects.filter(
        location__in=locations, day__gte=selection.start, day__lte=selection.end
    )
    if selection.kind:
        tallies = tallies.filter(kind=selection.kind)
    if selection.topic_id:
        tallies = tallies.filter(topic_id=selection.topic_id)
    if selection.channel:
        tallies = tallies.filter(channel=selection.channel)
    if selection.place == "outside":
        tallies = tallies.filter(channel=Channel.OUTSIDE)
    elif selection.place == "inside":
        tallies = tallies.exclude(channel=Channel.OUTSIDE)
    return tallies


def _line(pairs, shared):
    """[(label, count)] → rows with shown values and the total, small numbers hidden when
    shared."""
    counts = dict(pairs)
    if shared:
        shown, total = suppression.hide_line(counts)
    else:
        shown, total = counts, sum(counts.values())
    return [{"label": label, "count": shown[label]} for label, _count in pairs], total


def period_start(day, granularity):
    """The first day of the period (week, month, quarter, year) ``day`` falls in; any other
    granularity counts in weeks."""
    if granularity == "maand":
        return day.replace(day=1)
    if granularity == "kwartaal":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    if granularity == "jaar":
        return day.replace(month=1, day=1)
    return day - datetime.timedelta(days=day.weekday())


def figures(user, selection):
    """The monitor's figures for ``user``. A library's own figures are computed on every
    request, so a registration shows at once. Shared figures (small numbers hidden) depend on
    the selection only, not on who looks: they are computed at most once per
    ``QUESTIONS_SHARED_FIGURES_SECONDS`` and kept in the cache with the moment they were
    computed, so a national dashboard costs the same at 10,000 and at a million
    registrations. A cache outage computes them each time (the degrading cache misses)."""
    locations = selection.locations()
    shared = is_shared(user, locations)
    seconds = settings.QUESTIONS_SHARED_FIGURES_SECONDS
    if not (shared and seconds):
        return _figures(selection, locations, shared)
    key = shared_figures_key(selection)
    result = cache.get(key)
    if result is None:
        result = _figures(selection, locations, shared)
        result.computed_at = timezone.now()
        cache.set(key, result, seconds)
    return result


def shared_figures_key(selection):
    """The cache key of a selection's shared figures (its fields and the language)."""
    fields = sorted(dataclasses.asdict(selection).items())
    digest = hashlib.sha256(repr((fields, get_language())).encode()).hexdigest()
    return f"questions-shared-figures:{digest}"


def _figures(selection, locations, shared):
    """The figures in two scans of the question rollup: one grouped by day and hour (the
    series, the busy hours and the latest registration; at most days × 25 rows) and one by
    the categories (topics, kinds, channels, referrals; at most their product). Periods and
    weekdays are worked out here, not per row in the database."""
    tallies = _tallies(selection, locations)
    result = Figures(selection=selection, shared=shared)

    by_hour = list(
        tallies.values("day", "hour")
        .annotate(n=Sum("count"), latest=Max("last_registered_at"))
        .order_by()
    )
    periods = Counter()
    for row in by_hour:
        periods[period_start(row["day"], selection.granularity)] += row["n"]
    series_pairs = [(period, n) for period, n in sorted(periods.items()) if n]
    result.series, result.total = _line(series_pairs, shared)
    for row in result.series:
        row["period"] = period_label(row["label"], selection.granularity)

    categories = list(
        tallies.values("topic_id", "kind", "channel", "referred_to")
        .annotate(n=Sum("count"))
        .order_by()
    )
    topic_counts, kind_counts, channel_counts, referral_counts = (Counter() for _ in range(4))
    for row in categories:
        topic_counts[row["topic_id"]] += row["n"]
        kind_counts[row["kind"]] += row["n"]
        channel_counts[row["channel"]] += row["n"]
        if row["referred_to"]:
            referral_counts[row["referred_to"]] += row["n"]
    topic_counts = {pk: n for pk, n in topic_counts.items() if n}
    topic_names = dict(Topic.objects.filter(pk__in=topic_counts).values_list("pk", "name"))
    topic_names[0] = _("Geen onderwerp")
    ordered = sorted(topic_counts.items(), key=lambda item: (-item[1], topic_names[item[0]]))
    result.topics, _total = _line([(topic_names[pk], n) for pk, n in ordered], shared)
    result.kinds, _total = _line(
        [(label, kind_counts.get(value, 0)) for value, label in Kind.choices], shared
    )
    result.channels, _total = _line(
        [(label, channel_counts.get(value, 0)) for value, label in Channel.choices], shared
    )
    result.referrals, _total = _line(
        [(label, referral_counts.get(value, 0)) for value, label in Referral.choices], shared
    )

    organisation_counts = dict(
        OrganisationTally.objects.filter(
            location__in=locations, day__gte=selection.start, day__lte=selection.end
        )
        .values("organisation_key")
        .annotate(n=Sum("count"))
        .order_by()
        .values_list("organisation_key", "n")
    )
    providers = dict(ServiceProvider.objects.order_by("name").values_list("pk", "name"))
    organisation_pairs = [
        (name, organisation_counts.get(str(pk), 0)) for pk, name in providers.items()
    ]
    organisation_pairs += [
        (label, organisation_counts.get(value, 0)) for value, label in OtherOrganisation.choices
    ]
    organisation_pairs.sort(key=lambda pair: -pair[1])
    result.organisations, _total = _line(organisation_pairs, shared)

    result.busy_hours = _busy_hours(by_hour, shared)
    result.impact = _impact(selection, locations, shared)
    result.latest = max((row["latest"] for row in by_hour if row["latest"]), default=None)
    return result


def _busy_hours(by_hour, shared):
    """Weekday × hour from the rows grouped by day and hour (unknown hours left out)."""
    cells = Counter()
    for row in by_hour:
        if row["hour"] != QuestionTally.UNKNOWN_HOUR:
            cells[(row["day"].isoweekday(), row["hour"])] += row["n"]
    cells = {key: n for key, n in cells.items() if n}
    hours = sorted({hour for _day, hour in cells}) or list(range(9, 18))
    hours = list(range(min(hours), max(hours) + 1))
    days = list(range(1, 8))
    if shared:
        shown, row_totals, column_totals, grand = suppression.hide_matrix(cells, days, hours)
    else:
        shown = {(d, h): cells.get((d, h), 0) for d in days for h in hours}
        row_totals = {d: sum(shown[(d, h)] for h in hours) for d in days}
        column_totals = {h: sum(shown[(d, h)] for d in days) for h in hours}
        grand = sum(row_totals.values())
    return {
        "hours": hours,
        "rows": [
            {
                "label": WEEKDAYS[d - 1],
                "cells": [shown[(d, h)] for h in hours],
                "total": row_totals[d],
            }
            for d in days
        ],
        "totals": [column_totals[h] for h in hours],
        "grand": grand,
    }


def _impact(selection, locations, shared):
    week_start = selection.start - datetime.timedelta(days=selection.start.weekday())
    answers = ImpactResponse.objects.filter(
        location__in=locations, week__gte=week_start, week__lte=selection.end
    ).aggregate(
        responses=Count("pk"),
        answered=Count("pk", filter=Q(answered="yes")),
        knows=Count("pk", filter=Q(knows_next_step="yes")),
        returns=Count("pk", filter=Q(would_return="yes")),
        rating=Avg("rating"),
    )
    responses = answers["responses"]
    too_few = shared and responses < suppression.threshold()
    if not responses or too_few:
        return {"responses": responses, "hidden": too_few, "rows": []}

    def percent(value):
        return round(100 * value / responses)

    return {
        "responses": responses,
        "hidden": False,
        "rating": round(answers["rating"], 1),
        "rows": [
            {"label": _("Vraag beantwoord"), "percent": percent(answers["answered"])},
            {"label": _("Weet nu wat te doen"), "percent": percent(answers["knows"])},
            {"label": _("Komt terug"), "percent": percent(answers["returns"])},
        ],
    }


def default_selection(today=None):
    today = today or timezone.localdate()
    return Selection(
        start=today - datetime.timedelta(weeks=13) + datetime.timedelta(days=1), end=today
    )


def period_label(day, granularity):
    """How a period of the series is named: "week 23 2026", "juni 2026", "K2 2026", "2026"."""
    if granularity == "maand":
        return _("%(month)s %(year)s") % {"month": _date_format(day, "F"), "year": day.year}
    if granularity == "kwartaal":
        return _("K%(quarter)s %(year)s") % {"quarter": (day.month - 1) // 3 + 1, "year": day.year}
    if granularity == "jaar":
        return str(day.year)
    iso = day.isocalendar()
    return _("week %(week)s %(year)s") % {"week": iso.week, "year": iso.year}


def _date_format(day, fmt):

    return date_format(day, fmt)


CHART_WIDTH = 640
BAR_AREA = 440
LABEL_WIDTH = 150


def chart(figures):
    """A horizontal bar chart of the series (plain numbers for the SVG); a hidden cell gets
    no bar and the label "< 5", as in the table."""
    values = [row["count"] or 0 for row in figures.series]
    biggest = max(values, default=0) or 1
    bars = []
    for index, row in enumerate(figures.series):
        width = round(BAR_AREA * (row["count"] or 0) / biggest)
        bars.append(
            {
                "y": index * 28,
                "label": row["period"],
                "width": width,
                "value_x": LABEL_WIDTH + 10 + width + 6,
                "value": row["count"],
            }
        )
    return {"width": CHART_WIDTH, "height": max(len(bars) * 28, 28), "bars": bars}
