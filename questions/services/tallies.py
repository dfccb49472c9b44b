"""The rollups the monitor reads (``QuestionTally``, ``OrganisationTally``), kept in step with
the raw registrations inside the same transaction: a registration adds, a deletion
subtracts, a correction subtracts the old and adds the new. ``rebuild`` recomputes them from
the raw rows (for bulk loads and as the reference the property test compares against)."""

from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce

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


def _add(model, fields, key, amount):
    lookup = dict(zip(fields, key, strict=True))
    if model.objects.filter(**lookup).update(count=F("count") + amount):
        return
    try:
        with transaction.atomic():
            model.objects.create(**lookup, count=amount)
    except IntegrityError:
        # Another transaction made the cell between our update and insert: add to it.
        model.objects.filter(**lookup).update(count=F("count") + amount)


def apply(visit, questions, sign):
    """Add (sign 1) or subtract (sign -1) the visit's questions in both rollups."""
    for key, amount in sorted(Counter(question_keys(visit, questions)).items(), key=str):
        _add(QuestionTally, QUESTION_KEY, key, sign * amount)
    organisation_fields = ("location_id", "day", "organisation_key")
    for key, amount in sorted(Counter(organisation_keys(visit, questions)).items(), key=str):
        _add(OrganisationTally, organisation_fields, key, sign * amount)


def rebuild(location_ids=None):
    """Recompute both rollups from the raw rows (for the given locations, or all)."""
    questions = Question.objects.filter(visit__deleted_at__isnull=True)
    visits_filter = {}
    if location_ids is not None:
        questions = questions.filter(visit__location_id__in=location_ids)
        visits_filter = {"location_id__in": location_ids}
    with transaction.atomic():
        QuestionTally.objects.filter(**visits_filter).delete()
        OrganisationTally.objects.filter(**visits_filter).delete()
        rows = (
            questions.values(
                location_id=F("visit__location_id"),
                day=F("visit__day"),
                hour_key=Coalesce("visit__hour", Value(QuestionTally.UNKNOWN_HOUR)),
                channel=F("visit__channel"),
                kind_key=F("kind"),
                topic_key=Coalesce("topic_id", Value(0)),
                action_key=F("action"),
                referred_key=F("referred_to"),
            )
            .annotate(n=Count("pk"))
            .order_by()
        )
        QuestionTally.objects.bulk_create(
            (
                QuestionTally(
                    location_id=row["location_id"],
                    day=row["day"],
                    hour=row["hour_key"],
                    channel=row["channel"],
                    kind=row["kind_key"],
                    topic_id=row["topic_key"],
                    action=row["action_key"],
                    referred_to=row["referred_key"],
                    count=row["n"],
                )
                for row in rows.iterator()
            ),
            batch_size=2000,
        )
        through = Question.service_providers.through
        provider_rows = (
            through.objects.filter(question__in=questions)
            .values(
                location_id=F("question__visit__location_id"),
                day=F("question__visit__day"),
                provider=F("serviceprovider_id"),
            )
            .annotate(n=Count("pk"))
            .order_by()
        )
        other_rows = (
            questions.exclude(other_organisation="")
            .values(
                location_id=F("visit__location_id"),
                day=F("visit__day"),
                other=F("other_organisation"),
            )
            .annotate(n=Count("pk"))
            .order_by()
        )
        OrganisationTally.objects.bulk_create(
            [
                OrganisationTally(
                    location_id=row["location_id"],
                    day=row["day"],
                    organisation_key=str(row["provider"]),
                    count=row["n"],
                )
                for row in provider_rows.iterator()
            ]
            + [
                OrganisationTally(
                    location_id=row["location_id"],
                    day=row["day"],
                    organisation_key=row["other"],
                    count=row["n"],
                )
                for row in other_rows.iterator()
            ],
            batch_size=2000,
        )


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
