"""Open data: the question figures per period, per topic and per organisation, for
everyone (the JSON API in ``questions.api``). Read from the rollups; small numbers are
always hidden (``suppression``), over the tables as published: each period's topics add
up to its total, each topic's periods to the topic's total, and likewise for the
organisations, so no hidden cell can be recovered from the totals."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Sum
from django.utils.translation import gettext as _

from ido_platform.core.errors import ServiceRefusal
from ido_platform.core.models import Province, ServiceProvider, Topic
from questions.models import OrganisationTally, OtherOrganisation, QuestionTally
from questions.services import monitor, suppression

MAX_DAYS = 366 * 5
NO_TOPIC = "geen-onderwerp"


class OpenDataError(ServiceRefusal):
    """A selection the open data cannot answer; the message is Dutch, for the caller."""


@dataclass(frozen=True)
class Request:
    """What is asked: a period, its granularity, optionally a province and a topic (slug)."""

    start: datetime.date
    end: datetime.date
    granularity: str = "kwartaal"
    province: str = ""
    topic: str = ""


def check(request):
    """Refuse what cannot be answered, with a Dutch message; returns the topic or None."""
    if request.start > request.end:
        raise OpenDataError(_("De begindatum ligt na de einddatum."))
    if (request.end - request.start).days > MAX_DAYS:
        raise OpenDataError(_("Vraag cijfers over hooguit vijf jaar tegelijk."))
    if request.granularity not in monitor.GRANULARITIES:
        raise OpenDataError(_("Kies per week, maand, kwartaal of jaar."))
    if request.province and request.province not in Province.values:
        raise OpenDataError(_("Onbekende provincie: gebruik de afkorting, zoals UT of LI."))
    if not request.topic:
        return None
    topic = Topic.objects.filter(slug=request.topic[:120]).first()
    if topic is None:
        raise OpenDataError(_("Onbekend onderwerp."))
    return topic


def _matrix(counts, names, request):
    """{(period, key): n} → the periods with their cells and totals, and the column totals,
    small numbers hidden over the whole table."""
    periods = sorted({period for period, _key in counts})
    keys = sorted({key for _period, key in counts}, key=lambda key: (names[key], key))
    cells, row_totals, column_totals, grand = suppression.hide_matrix(counts, periods, keys)
    rows = [
        {
            "start": period,
            "label": monitor.period_label(period, request.granularity),
            "total": row_totals[period],
            "counts": [
                {"key": key, "name": names[key], "count": cells[(period, key)]} for key in keys
            ],
        }
        for period in periods
    ]
    totals = [{"key": key, "name": names[key], "count": column_totals[key]} for key in keys]
    return rows, totals, grand


def figures(request):
    """The published figures for ``request`` (checked first: ``OpenDataError``)."""
    topic = check(request)
    place = {"location__province": request.province} if request.province else {}
    period = {"day__gte": request.start, "day__lte": request.end}

    tallies = QuestionTally.objects.filter(**period, **place)
    if topic is not None:
        tallies = tallies.filter(topic_id=topic.pk)
    topic_counts = Counter()
    for day, topic_id, n in (
        tallies.values("day", "topic_id")
        .annotate(n=Sum("count"))
        .order_by()
        .values_list("day", "topic_id", "n")
    ):
        topic_counts[(monitor.period_start(day, request.granularity), topic_id)] += n
    topic_counts = {key: n for key, n in topic_counts.items() if n}
    topic_slugs = dict(
        Topic.objects.filter(pk__in={key for _p, key in topic_counts}).values_list("pk", "slug")
    )
    topic_names = dict(Topic.objects.filter(pk__in=topic_slugs).values_list("slug", "name"))
    topic_names[NO_TOPIC] = _("Geen onderwerp")
    by_slug = {(p, topic_slugs.get(key, NO_TOPIC)): n for (p, key), n in topic_counts.items()}
    periods, topic_totals, total = _matrix(by_slug, topic_names, request)

    organisation_rows, organisation_totals = [], []
    if topic is None:
        providers = dict(ServiceProvider.objects.values_list("pk", "slug"))
        names = dict(ServiceProvider.objects.values_list("slug", "name"))
        names.update({value: str(label) for value, label in OtherOrganisation.choices})
        organisation_counts = Counter()
        for day, key, n in (
            OrganisationTally.objects.filter(**period, **place)
            .values("day", "organisation_key")
            .annotate(n=Sum("count"))
            .order_by()
            .values_list("day", "organisation_key", "n")
        ):
            key = providers.get(int(key)) if key.isdigit() else key
            if n and key in names:
                organisation_counts[(monitor.period_start(day, request.granularity), key)] += n
        organisation_rows, organisation_totals, _grand = _matrix(
            organisation_counts, names, request
        )
    organisations = {row["start"]: row for row in organisation_rows}
    for row in periods:
        row["organisations"] = organisations.get(row["start"], {}).get("counts", [])
    return {
        "start": request.start,
        "end": request.end,
        "granularity": request.granularity,
        "province": request.province,
        "topic": topic.slug if topic else "",
        "hidden_below": suppression.threshold(),
        "total": total,
        "topics": topic_totals,
        "organisations": organisation_totals,
        "periods": periods,
    }
