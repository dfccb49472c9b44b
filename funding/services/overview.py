"""The funder's overview of a round: totals, per province, per library, by status and the
overdue accountability, and charts of the same figures; a fixed number of aggregate queries
for any number of libraries."""

from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from funding.models import Application
from funding.services import charts
from ido_platform.core.models import Province

MONEY = ("formula_amount", "granted_amount", "advance_amount", "settled_amount", "reclaim_amount")


def _sums(queryset):
    totals = queryset.aggregate(**{name: Sum(name) for name in MONEY})
    return {name: totals[name] or Decimal(0) for name in MONEY}


def overview(subsidy_round, *, today=None):
    """Totals, statuses, per province and per library (each with the requested, granted,
    advanced and settled amounts) and the overdue accountability: granted applications not
    accounted for after the round's deadline (``today``: the local date unless given)."""
    today = today or timezone.localdate()
    applications = Application.objects.filter(round=subsidy_round).exclude(status="draft")
    by_status = dict(
        Application.objects.filter(round=subsidy_round)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    statuses = [(label, by_status.get(value, 0)) for value, label in Application.Status.choices]
    provinces = list(
        applications.values("organisation__province")
        .annotate(count=Count("pk"), **{name: Sum(name) for name in MONEY})
        .order_by("organisation__province")
    )
    names = dict(Province.choices)
    for row in provinces:
        code = row["organisation__province"]
        row["label"] = names.get(code, code) if code else "–"
    libraries = list(applications.select_related("organisation").order_by("organisation__name"))
    overdue = [
        a
        for a in libraries
        if a.status == Application.Status.GRANTED and today > subsidy_round.accountability_due
    ]
    totals = _sums(applications)
    return {
        "totals": totals,
        "amounts_chart": charts.round_amounts(subsidy_round, totals),
        "provinces_chart": charts.per_province(provinces),
        "statuses": statuses,
        "provinces": provinces,
        "libraries": libraries,
        "overdue": overdue,
    }
