"""The rollups the monitor reads (``QuestionTally``, ``OrganisationTally``), kept in step with
the raw registrations inside the same transaction: a registration adds, a deletion
subtracts, a correction subtracts the old and adds the new. ``rebuild`` recomputes them from
the raw rows (for bulk loads and as the reference the property test compares against)."""

import functools
from collections import Counter

from django.db import connection, transaction

from questions.models import OrganisationTally, Question, QuestionTally, Visit

QUESTION_KEY = ("location_id", "day", "hour", "channel", "kind", "topic_id", "action")
QUESTION_KEY += ("referred_to",)


def question_keys(visit, questions):
    """One key per question: the rollup cell it counts in. ``questions`` are dicts with
    kind, topic_id, action, referred_to, service_provider_ids, other_organisation."""
    hour = QuestionTally.UNKNOWN_HOUR if visit.hour is None else visit.hour
    for question in questions:
        yield (
            visit.location_id,
            visit.day,
            hour,
            visit.channel,
            question["kind"],
            question["topic_id"] or 0,
            question["action"],
            question["referred_to"] or "",
        )


def organisation_keys(visit, questions):
    for question in questions:
        for provider_id in question["service_provider_ids"]:
            yield (visit.location_id, visit.day, str(provider_id))
        if question["other_organisation"]:
            yield (visit.location_id, visit.day, question["other_organisation"])


@functools.cache
def _upsert_sql(model, fields, with_moment, rows):
    """One INSERT ... ON CONFLICT DO UPDATE for ``rows`` cells of ``model`` (PostgreSQL and
    SQLite alike), built once per rollup and row count rather than by the ORM on every
    registration: a new cell starts at its amount, an existing one adds to it; with a
    moment, ``last_registered_at`` moves up to it (a NULL moment leaves it as it is)."""
    table = model._meta.db_table
    columns = [*fields, "count", *(["last_registered_at"] if with_moment else [])]
    updates = [f"count = {table}.count + excluded.count"]
    if with_moment:
        last, new = f"{table}.last_registered_at", "excluded.last_registered_at"
        updates.append(
            f"last_registered_at = CASE WHEN {new} IS NULL THEN {last}"
            f" WHEN {last} IS NULL OR {new} > {last} THEN {new} ELSE {last} END"
        )
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([row] * rows)}"
        f" ON CONFLICT ({', '.join(fields)}) DO UPDATE SET {', '.join(updates)}"
    )


def _add(model, fields, cells, moment=None, with_moment=False):
    """Add each ``(key, amount)`` of ``cells`` to its cell in one statement, in key order
    (so two transactions lock shared cells in the same order)."""
    if not cells:
        return
    ops = connection.ops
    day = fields.index("day")
    params = []
    for key, amount in cells:
        row = list(key)
        row[day] = ops.adapt_datefield_value(row[day])
        params += [*row, amount]
        if with_moment:
            params.append(ops.adapt_datetimefield_value(moment) if moment else None)
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(model, fields, with_moment, len(cells)), params)


ORGANISATION_KEY = ("location_id", "day", "organisation_key")


def apply(visit, questions, sign):
    """Add (sign 1) or subtract (sign -1) the visit's questions in both rollups, one
    statement each. Adding also moves a cell's ``last_registered_at`` up to the visit's
    registration time."""
    moment = visit.registered_at if sign > 0 else None
    question_cells = sorted(Counter(question_keys(visit, questions)).items(), key=str)
    _add(
        QuestionTally,
        QUESTION_KEY,
        [(key, sign * amount) for key, amount in question_cells],
        moment,
        with_moment=True,
    )
    organisation_cells = sorted(Counter(organisation_keys(visit, questions)).items(), key=str)
    _add(OrganisationTally, ORGANISATION_KEY, [(key, sign * n) for key, n in organisation_cells])


def rebuild(location_ids=None):
    """Recompute both rollups from the raw rows (for the given locations, or all), set-based:
    one INSERT ... SELECT ... GROUP BY per rollup, so a million rows never pass through Python."""
    visit = Visit._meta.db_table
    question = Question._meta.db_table
    through = Question.service_providers.through._meta.db_table
    where, params = "v.deleted_at IS NULL", []
    visits_filter = {}
    if location_ids is not None:
        location_ids = sorted(location_ids)
        if not location_ids:
            return
        where += f" AND v.location_id IN ({', '.join(['%s'] * len(location_ids))})"
        params = location_ids
        visits_filter = {"location_id__in": location_ids}
    joined = f"{question} q JOIN {visit} v ON v.id = q.visit_id"
    keys = (
        f"v.location_id, v.day, COALESCE(v.hour, {QuestionTally.UNKNOWN_HOUR}), v.channel,"
        " q.kind, COALESCE(q.topic_id, 0), q.action, q.referred_to"
    )
    question_sql = (
        f"INSERT INTO {QuestionTally._meta.db_table}"
        " (location_id, day, hour, channel, kind, topic_id, action, referred_to, count,"
        " last_registered_at)"
        f" SELECT {keys}, COUNT(*), MAX(v.registered_at) FROM {joined} WHERE {where}"
        f" GROUP BY {keys}"
    )
    organisation_sql = (
        f"INSERT INTO {OrganisationTally._meta.db_table}"
        " (location_id, day, organisation_key, count)"
        " SELECT location_id, day, organisation_key, COUNT(*) FROM ("
        " SELECT v.location_id, v.day,"
        " CAST(p.serviceprovider_id AS VARCHAR(20)) AS organisation_key"
        f" FROM {joined} JOIN {through} p ON p.question_id = q.id WHERE {where}"
        " UNION ALL"
        " SELECT v.location_id, v.day, q.other_organisation"
        f" FROM {joined} WHERE {where} AND q.other_organisation <> ''"
        ") keyed GROUP BY location_id, day, organisation_key"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        QuestionTally.objects.filter(**visits_filter).delete()
        OrganisationTally.objects.filter(**visits_filter).delete()
        cursor.execute(question_sql, params)
        cursor.execute(organisation_sql, params * 2)


def raw_counts():
    """What the rollup must hold, counted from the raw rows (tests and checks)."""
    counts = Counter()
    visits = {
        visit.pk: visit
        for visit in Visit.objects.filter(deleted_at__isnull=True).only(
            "pk", "location_id", "day", "hour", "channel"
        )
    }
    for question in Question.objects.filter(visit_id__in=visits).prefetch_related(
        "service_providers"
    ):
        data = snapshot_question(question)
        counts.update(question_keys(visits[question.visit_id], [data]))
    return +counts


def tallied_counts():
    return +Counter(
        {
            tuple(row[field] for field in QUESTION_KEY): row["count"]
            for row in QuestionTally.objects.values(*QUESTION_KEY, "count")
        }
    )


def snapshot_question(question):
    return {
        "kind": question.kind,
        "topic_id": question.topic_id,
        "service_provider_ids": sorted(p.pk for p in question.service_providers.all()),
        "other_organisation": question.other_organisation,
        "digid_follow_up": question.digid_follow_up,
        "action": question.action,
        "referred_to": question.referred_to,
        "duration": question.duration,
    }
