"""Figures the platform computes per IDO location, by a stable key.

Any app may register a metric; the quality audits read them for *derived* criteria (for
example the share of staff with a valid basic training, or whether opening hours are
published), and dashboards may show them. A metric is computed for many locations at once,
so a dashboard of thousands of locations costs one query per metric, not one per location.

    @metrics.register("published_opening_hours", _("Openingstijden gepubliceerd"), "boolean")
    def published_opening_hours(location_ids):
        return {location_id: value, ...}

Values are ``bool`` for kind "boolean", a float between 0 and 1 for "ratio" and a number for
"number"; a location missing from the answer has no value (``None``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from ido_platform.core.models import OpeningHours

KINDS = {
    "boolean": _("ja/nee"),
    "ratio": _("aandeel (0-100%)"),
    "number": _("getal"),
}

Compute = Callable[[list[int]], dict[int, float | bool | None]]


@dataclass(frozen=True)
class LocationMetric:
    key: str
    label: str
    kind: str
    compute: Compute

    def values(self, location_ids: Iterable[int]) -> dict[int, float | bool | None]:
        ids = list(location_ids)
        if not ids:
            return {}
        answer = self.compute(ids)
        return {location_id: answer.get(location_id) for location_id in ids}

    def value(self, location_id: int) -> float | bool | None:
        return self.values([location_id])[location_id]


_registry: dict[str, LocationMetric] = {}


def register(key: str, label, kind: str):
    """Register ``compute(location_ids) -> {location_id: value}`` under ``key``."""
    if kind not in KINDS:
        raise ValueError(f"Unknown metric kind {kind!r}; use one of {sorted(KINDS)}")

    def decorator(compute: Compute) -> Compute:
        existing = _registry.get(key)
        if existing is not None and existing.compute is not compute:
            raise ValueError(f"Location metric {key!r} is already registered")
        _registry[key] = LocationMetric(key, label, kind, compute)
        return compute

    return decorator


def get(key: str) -> LocationMetric:
    try:
        return _registry[key]
    except KeyError:
        raise LookupError(f"No location metric registered under {key!r}") from None


def all_metrics() -> list[LocationMetric]:
    return sorted(_registry.values(), key=lambda metric: metric.key)


def choices() -> list[tuple[str, str]]:
    """For a form field: every registered metric, by key."""
    return [(metric.key, metric.label) for metric in all_metrics()]


@register("published_opening_hours", _("Openingstijden gepubliceerd"), "boolean")
def published_opening_hours(location_ids):

    with_hours = set(
        OpeningHours.objects.filter(location_id__in=location_ids)
        .values_list("location_id", flat=True)
        .distinct()
    )
    return {location_id: location_id in with_hours for location_id in location_ids}


# Figures over a period (for example questions registered in a year), per location. The
# funding accountability reads them by key, so an app that counts something registers it
# here and no app imports another to get its figures.

PeriodCompute = Callable[[list[int], date, date], dict[int, int | float]]


@dataclass(frozen=True)
class PeriodFigure:
    key: str
    label: str
    compute: PeriodCompute

    def values(self, location_ids: Iterable[int], start, end) -> dict[int, int | float | None]:
        """Values for ``start <= day <= end`` (dates, inclusive); missing locations get None."""
        ids = list(location_ids)
        if not ids:
            return {}
        answer = self.compute(ids, start, end)
        return {location_id: answer.get(location_id) for location_id in ids}


_period_registry: dict[str, PeriodFigure] = {}


def _registering(registry, kind, key, make):
    """A decorator that registers ``make(compute)`` under ``key`` once (the same function
    again is fine: a module imported twice)."""

    def decorator(compute):
        existing = registry.get(key)
        if existing is not None and existing.compute is not compute:
            raise ValueError(f"{kind.capitalize()} {key!r} is already registered")
        registry[key] = make(compute)
        return compute

    return decorator


def _registered(registry, kind, key):
    try:
        return registry[key]
    except KeyError:
        raise LookupError(f"No {kind} registered under {key!r}") from None


def register_period_figure(key: str, label):
    """Register ``compute(location_ids, start, end) -> {location_id: number}`` under ``key``."""
    return _registering(
        _period_registry, "period figure", key, lambda compute: PeriodFigure(key, label, compute)
    )


def get_period_figure(key: str) -> PeriodFigure:
    """The figure registered under ``key``; LookupError when no installed app provides it."""
    return _registered(_period_registry, "period figure", key)


# Training needs per topic for a set of locations (questions asked there against the staff
# with a valid certificate on that topic). The question registration computes them, the team
# dashboard shows them, and neither app imports the other.

TrainingNeeds = Callable[[list[int]], list[dict]]

_training_needs: dict[str, TrainingNeeds] = {}


def register_training_needs(key: str):
    """Register ``compute(location_ids) -> [{"topic", "questions", "certified_percent",
    "gap"}]`` under ``key``."""

    def decorator(compute: TrainingNeeds) -> TrainingNeeds:
        _training_needs[key] = compute
        return compute

    return decorator


def training_needs(location_ids, limit=3) -> list[dict]:
    """The ``limit`` biggest training needs at these locations, from every registered app
    (none when no app provides them)."""
    ids = list(location_ids)
    if not ids:
        return []
    needs = [need for compute in _training_needs.values() for need in compute(ids)]
    return sorted(needs, key=lambda need: (-need["gap"], need["topic"]))[:limit]


# Figures over a period split into categories (for example questions per topic), per
# location: ``compute(location_ids, start, end) -> {location_id: {category: number}}``, the
# category a display label. The funding accountability shows them per quarter.

PeriodBreakdownCompute = Callable[[list[int], date, date], dict[int, dict[str, int | float]]]


@dataclass(frozen=True)
class PeriodBreakdown:
    key: str
    label: str
    compute: PeriodBreakdownCompute

    def values(self, location_ids: Iterable[int], start, end) -> dict[int, dict[str, int | float]]:
        """{location_id: {category: value}} for ``start <= day <= end``; a location with
        nothing in the period gets an empty dict."""
        ids = list(location_ids)
        if not ids:
            return {}
        answer = self.compute(ids, start, end)
        return {location_id: dict(answer.get(location_id) or {}) for location_id in ids}

    def totals(self, location_ids: Iterable[int], start, end) -> dict[str, int | float]:
        """{category: value} summed over ``location_ids``."""
        summed: dict[str, int | float] = {}
        for per_category in self.values(location_ids, start, end).values():
            for category, value in per_category.items():
                summed[category] = summed.get(category, 0) + value
        return summed


_breakdown_registry: dict[str, PeriodBreakdown] = {}


def register_period_breakdown(key: str, label):
    """Register ``compute(location_ids, start, end) -> {location_id: {category: number}}``."""
    return _registering(
        _breakdown_registry,
        "period breakdown",
        key,
        lambda compute: PeriodBreakdown(key, label, compute),
    )


def get_period_breakdown(key: str) -> PeriodBreakdown:
    """The breakdown registered under ``key``; LookupError when no installed app provides it."""
    return _registered(_breakdown_registry, "period breakdown", key)


# An outcome over a period per location (for example the latest concluded audit): a text to
# show and the day it is from. ``compute(location_ids, start, end) -> {location_id:
# DatedOutcome}``; a location with nothing in the period is missing from the answer. The
# funding accountability shows the latest audit outcome this way, without importing the app
# that holds the audits.


@dataclass(frozen=True)
class DatedOutcome:
    text: str
    day: date


PeriodOutcomeCompute = Callable[[list[int], date, date], dict[int, DatedOutcome]]


@dataclass(frozen=True)
class PeriodOutcome:
    key: str
    label: str
    compute: PeriodOutcomeCompute

    def values(self, location_ids: Iterable[int], start, end) -> dict[int, DatedOutcome | None]:
        """The outcome of each location for ``start <= day <= end`` (dates, inclusive);
        None for a location with none in the period."""
        ids = list(location_ids)
        if not ids:
            return {}
        answer = self.compute(ids, start, end)
        return {location_id: answer.get(location_id) for location_id in ids}


_outcome_registry: dict[str, PeriodOutcome] = {}


def register_period_outcome(key: str, label):
    """Register ``compute(location_ids, start, end) -> {location_id: DatedOutcome}``."""
    return _registering(
        _outcome_registry,
        "period outcome",
        key,
        lambda compute: PeriodOutcome(key, label, compute),
    )


def get_period_outcome(key: str) -> PeriodOutcome:
    """The outcome registered under ``key``; LookupError when no installed app provides it."""
    return _registered(_outcome_registry, "period outcome", key)
