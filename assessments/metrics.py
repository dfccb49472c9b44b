"""Figures other apps read by key, without importing this app: the outcome of a location's
latest concluded audit within a period (the funding accountability shows it)."""

from django.utils.translation import gettext_lazy as _

from assessments.models import Audit
from ido_platform.core import metrics


@metrics.register_period_outcome(
    "latest_audit_outcome", _("Goedgekeurde audits van de kwaliteitstoetsing")
)
def latest_audit_outcome(location_ids, start_date, end_date):
    """Per location the outcome of its latest concluded (approved) audit visited between
    ``start_date`` and ``end_date`` (inclusive), with the day of the visit. The audit row
    holds the current result: after a correction, the corrected outcome. One query."""
    rows = (
        Audit.objects.filter(
            location_id__in=location_ids,
            status=Audit.Status.APPROVED,
            planned_for__gte=start_date,
            planned_for__lte=end_date,
        )
        .exclude(outcome="")
        .order_by("location_id", "-planned_for", "-pk")
        .values_list("location_id", "outcome", "planned_for")
    )
    labels = dict(Audit._meta.get_field("outcome").choices)
    answer = {}
    for location_id, outcome, day in rows:
        if location_id not in answer:
            answer[location_id] = metrics.DatedOutcome(str(labels.get(outcome, outcome)), day)
    return answer
