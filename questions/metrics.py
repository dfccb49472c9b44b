"""Figures other apps read by key, without importing this app: the number of questions per
location over a period (funding accountability), for audits in how many of the last
13 weeks a location registered questions, and the training needs the team dashboard shows."""

import datetime
import hashlib

from django.core.cache import cache
from django.db.models import Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ido_platform.core import metrics
from questions.models import QuestionTally
from questions.services import trends

WEEKS = 13


@metrics.register_period_figure("questions_registered", _("Geregistreerde vragen"))
def questions_registered(location_ids, start_date, end_date):
    """Questions (not visits) per location with ``start_date <= day <= end_date``."""
    rows = (
        QuestionTally.objects.filter(
            location_id__in=location_ids, day__gte=start_date, day__lte=end_date
        )
        .values("location_id")
        .annotate(n=Sum("count"))
        .order_by()
    )
    answer = {location_id: 0 for location_id in location_ids}
    answer.update({row["location_id"]: row["n"] for row in rows})
    return answer


@metrics.register(
    "question_registration_weeks",
    _("Weken met vraagregistratie (van de laatste 13)"),
    "number",
)
def question_registration_weeks(location_ids, today=None):
    """In how many of the last 13 whole weeks (Monday to Sunday) each location registered
    at least one question."""
    today = today or timezone.localdate()
    this_monday = today - datetime.timedelta(days=today.weekday())
    start = this_monday - datetime.timedelta(weeks=WEEKS)
    end = this_monday - datetime.timedelta(days=1)
    rows = (
        QuestionTally.objects.filter(location_id__in=location_ids, day__gte=start, day__lte=end)
        .annotate(week=TruncWeek("day"))
        .values("location_id", "week")
        .annotate(n=Sum("count"))
        .filter(n__gt=0)
        .order_by()
    )
    answer = {location_id: 0 for location_id in location_ids}
    for row in rows:
        answer[row["location_id"]] += 1
    return answer


# A quarter's trend moves slowly: the team dashboard reads it from the cache for a few minutes
# instead of four queries on every view (a cache outage just computes it again).
TRAINING_GAPS_SECONDS = 600


@metrics.register_training_needs("question_topics")
def training_gaps(location_ids):
    """Topics asked about at these locations last quarter with too few certified staff:
    only real gaps (some staff without a certificate)."""
    ids = sorted(set(location_ids))
    digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:16]
    key = f"questions:training-gaps:{timezone.localdate():%Y%m%d}:{digest}"
    gaps = cache.get(key)
    if gaps is None:
        gaps = [gap for gap in trends.training_gaps(ids) if gap["gap"] > 0]
        cache.set(key, gaps, TRAINING_GAPS_SECONDS)
    return gaps
