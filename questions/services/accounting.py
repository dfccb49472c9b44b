"""Figures the funding accountability reads by key (through ``ido_platform.core.metrics``),
computed from the ``QuestionTally`` rollup, never from the raw registrations."""

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ido_platform.core import metrics
from ido_platform.core.models import Topic
from questions.models import QuestionTally


@metrics.register_period_breakdown(
    "questions_registered_by_topic",
    gettext_lazy("Geregistreerde vragen per onderwerp (dagtellingen van de vraagregistratie)"),
)
def questions_registered_by_topic(location_ids, start_date, end_date):
    """{location_id: {topic name: questions}} with ``start_date <= day <= end_date``; questions
    without a topic count under "zonder onderwerp". Two queries for any number of locations."""
    rows = (
        QuestionTally.objects.filter(
            location_id__in=location_ids, day__gte=start_date, day__lte=end_date
        )
        .values("location_id", "topic_id")
        .annotate(n=Sum("count"))
        .filter(n__gt=0)
        .order_by()
    )
    rows = list(rows)
    names = dict(
        Topic.objects.filter(
            pk__in={row["topic_id"] for row in rows if row["topic_id"]}
        ).values_list("pk", "name")
    )
    answer = {}
    for row in rows:
        name = names.get(row["topic_id"]) or _("zonder onderwerp")
        per_topic = answer.setdefault(row["location_id"], {})
        per_topic[name] = per_topic.get(name, 0) + row["n"]
    return answer
