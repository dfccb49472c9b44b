"""The national dashboard: every location with its latest outcome, the distribution of theme
scores over the latest audits, and the trend per theme across rounds. Its number of queries
does not grow with the number of locations or rounds (aggregates run in the database)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import (
    Avg,
    Case,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    When,
)

from assessments.models import Audit, Outcome, ThemeScore
from assessments.services import charts
from ido_platform.core.models import DeliveryModel, LibraryOrganisation, Location, Province
from ido_platform.core.parsing import positive_int

BUCKETS = [(0, 20), (20, 40), (40, 60), (60, 80), (80, 101)]
BUCKET_LABELS = ["0–19", "20–39", "40–59", "60–79", "80–100"]
PAGE_SIZE = 50


@dataclass(frozen=True)
class Filters:
    province: str = ""
    organisation: int | None = None
    delivery_model: str = ""

    @classmethod
    def from_query(cls, query):
        """Read the filters from a query string; unknown values are ignored, never an error."""
        province = query.get("provincie", "")
        delivery = query.get("werkwijze", "")
        return cls(
            province=province if province in Province.values else "",
            organisation=positive_int(query.get("organisatie")),
            delivery_model=delivery if delivery in DeliveryModel.values else "",
        )

    def location_q(self, prefix=""):
        q = Q()
        if self.province:
            q &= Q(**{f"{prefix}province": self.province})
        if self.organisation:
            q &= Q(**{f"{prefix}organisation_id": self.organisation})
        if self.delivery_model:
            q &= Q(**{f"{prefix}delivery_model": self.delivery_model})
        return q

    def querystring(self):
        params = {
            "provincie": self.province,
            "organisatie": self.organisation or "",
            "werkwijze": self.delivery_model,
        }
        return urlencode({k: v for k, v in params.items() if v})


def locations_with_latest_outcome(filters):
    # The audit row holds the current result (services.results.store): after a correction
    # score and outcome are both the corrected ones.
    latest = Audit.objects.filter(location=OuterRef("pk"), is_latest=True)
    return (
        Location.objects.filter(filters.location_q())
        .select_related("organisation")
        .annotate(
            latest_audit_id=Subquery(latest.values("pk")[:1]),
            latest_outcome=Subquery(latest.values("outcome")[:1]),
            latest_score=Subquery(latest.values("score")[:1]),
            latest_date=Subquery(latest.values("planned_for")[:1]),
            latest_round=Subquery(latest.values("round")[:1]),
        )
        .order_by("organisation__name", "name")
    )


def outcome_counts(filters):
    rows = (
        Audit.objects.filter(is_latest=True)
        .filter(filters.location_q("location__"))
        .values("outcome")
        .annotate(n=Count("pk"))
    )
    counts = {row["outcome"]: row["n"] for row in rows}
    return [(value, label, counts.get(value, 0)) for value, label in Outcome.choices]


def theme_distribution(filters):
    """Per theme key: how many latest audits fall in each score bucket."""
    annotations = {
        f"b{i}": Count(
            Case(When(score__gte=low, score__lt=high, then=1), output_field=IntegerField())
        )
        for i, (low, high) in enumerate(BUCKETS)
    }
    rows = (
        ThemeScore.objects.filter(audit__is_latest=True, score__isnull=False)
        .filter(filters.location_q("audit__location__"))
        .values("theme_key")
        .annotate(title=Max("theme_title"), average=Avg("score"), n=Count("pk"), **annotations)
        .order_by("theme_key")
    )
    return [
        {
            "key": row["theme_key"],
            "title": row["title"],
            "average": round(float(row["average"]), 1),
            "n": row["n"],
            "buckets": [row[f"b{i}"] for i in range(len(BUCKETS))],
        }
        for row in rows
    ]


def theme_trends(filters):
    """Per theme key and round: the average theme score of approved audits."""
    rows = (
        ThemeScore.objects.filter(audit__status=Audit.Status.APPROVED, score__isnull=False)
        .filter(filters.location_q("audit__location__"))
        .values("theme_key", "audit__round")
        .annotate(title=Max("theme_title"), average=Avg("score"), n=Count("pk"))
        .order_by("theme_key", "audit__round")
    )
    themes = {}
    rounds = set()
    for row in rows:
        theme = themes.setdefault(
            row["theme_key"], {"key": row["theme_key"], "title": row["title"], "points": {}}
        )
        theme["points"][row["audit__round"]] = (round(float(row["average"]), 1), row["n"])
        rounds.add(row["audit__round"])
    return sorted(rounds), list(themes.values())


def dashboard(filters, page=None):
    """Everything the dashboard page shows, in a fixed number of queries."""
    paginator = Paginator(locations_with_latest_outcome(filters), PAGE_SIZE)
    locations = paginator.get_page(page)
    distribution = theme_distribution(filters)
    rounds, trends = theme_trends(filters)
    return {
        "filters": filters,
        "locations": locations,
        "outcomes": outcome_counts(filters),
        "distribution": distribution,
        "bucket_labels": BUCKET_LABELS,
        "distribution_chart": charts.stacked_bars(distribution, BUCKET_LABELS),
        "rounds": rounds,
        "trends": trends,
        "trend_chart": charts.trend_lines(rounds, trends),
        "provinces": Province.choices,
        "delivery_models": DeliveryModel.choices,
        "organisations": LibraryOrganisation.objects.order_by("name").values_list("pk", "name"),
    }
