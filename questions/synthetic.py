"""Synthetic registrations in bulk, for the scale test and ``make bench``: ``count`` visits of
one question each, made by one INSERT ... SELECT per table over a generated series
(``generate_series`` on PostgreSQL, a recursive CTE on SQLite), so a million rows take
seconds rather than a million round trips; then the rollups are rebuilt set-based.

The rows are spread over the given locations, topics and service providers, over ``days``
days up to ``today`` and over opening hours, with skewed weights (most questions at the
desk, about digital government, answered with information). Each column takes its value
from its own hash of the row number, so the columns vary independently. Not for real data:
the ids are random and nobody registered them."""

import uuid

from django.db import connection, transaction
from django.utils import timezone

from questions.models import OrganisationTally, Question, QuestionTally, Visit
from questions.services import tallies

TALLY_TABLES = (QuestionTally._meta.db_table, OrganisationTally._meta.db_table)
PRIME = 1000003
CHANNELS = [("desk", 12), ("phone", 4), ("email", 2), ("online", 1), ("outside", 1)]
KINDS = [("government", 7), ("library", 2), ("other", 1)]
ACTIONS = [("information", 5), ("together", 4), ("referred", 1)]
REFERRALS = [("provider", 3), ("municipality", 2), ("legal", 1), ("social", 1), ("other", 1)]
DURATIONS = [("lt5", 3), ("5-15", 4), ("15-30", 2), ("gt30", 1)]
HOURS = [(9, 1), (10, 3), (11, 3), (12, 2), (13, 2), (14, 3), (15, 3), (16, 2), (17, 1)]


def _hash(column, salt):
    """A pseudo-random number in [0, PRIME) from a row number, different per ``salt``."""
    return f"((CAST({column} AS BIGINT) * {7919 + 104729 * salt} + {salt}) %% {PRIME})"


def _choice(column, salt, weighted):
    """A CASE expression choosing one of ``weighted`` [(value, weight)] by a hash of the row
    number; returns (sql, params)."""
    total = sum(weight for _value, weight in weighted)
    bucket = f"({_hash(column, salt)} %% {total})"
    parts, params, upto = [], [], 0
    for value, weight in weighted[:-1]:
        upto += weight
        parts.append(f"WHEN {bucket} < {upto} THEN %s")
        params.append(value)
    params.append(weighted[-1][0])
    return f"(CASE {' '.join(parts)} ELSE %s END)", params


def _series(first, last):
    """(prefix, params): the rows ``n`` from ``first`` to ``last``, as a CTE ``s``."""
    if connection.vendor == "postgresql":
        return "WITH s(n) AS (SELECT generate_series(%s, %s)) ", [first, last]
    prefix = "WITH RECURSIVE s(n) AS (SELECT %s UNION ALL SELECT n + 1 FROM s WHERE n < %s) "
    return prefix, [first, last]


def _day(offset_sql):
    if connection.vendor == "postgresql":
        return f"(CAST(%s AS date) - CAST({offset_sql} AS integer))"
    return f"date(%s, '-' || {offset_sql} || ' days')"


def _client_id(prefix):
    """A registration id per row: a random prefix for this fill, then the row number, so the
    unique index is filled in order (random ids make the insert several times slower)."""
    if connection.vendor == "postgresql":
        return f"CAST('{prefix}' || lpad(to_hex(n), 12, '0') AS uuid)"
    return f"('{prefix}' || printf('%%012x', n))"  # Django keeps a UUID as 32 hex on SQLite


def fill(count, *, location_ids, topic_ids, provider_ids, today=None, days=730):
    """Add ``count`` visits of one question each (about half of them about a service
    provider) and rebuild the rollups of ``location_ids``. Returns the number added."""
    today = today or timezone.localdate()
    ops = connection.ops
    visit, question = Visit._meta.db_table, Question._meta.db_table
    through = Question.service_providers.through._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {visit}")
        after = cursor.fetchone()[0]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {question}")
        questions_after = cursor.fetchone()[0]

        prefix, series_params = _series(1, count)
        location, location_params = _choice("n", 1, [(pk, 1) for pk in location_ids])
        channel, channel_params = _choice("n", 2, CHANNELS)
        hour, hour_params = _choice("n", 3, HOURS)
        day = _day(f"({_hash('n', 4)} %% {days})")
        client_id = _client_id(uuid.uuid4().hex[:20])
        cursor.execute(
            f"INSERT INTO {visit} (client_id, location_id, channel, day, hour, note,"
            " registered_at) "
            f"{prefix}SELECT {client_id}, {location}, {channel}, {day}, {hour}, '', %s"
            " FROM s",
            [
                *series_params,
                *location_params,
                *channel_params,
                ops.adapt_datefield_value(today),
                *hour_params,
                ops.adapt_datetimefield_value(timezone.now()),
            ],
        )

        kind, kind_params = _choice("v.id", 5, KINDS)
        topics = [(pk, 3) for pk in topic_ids] + [(None, 1)]
        topic, topic_params = _choice("v.id", 6, topics)
        action, action_params = _choice("v.id", 7, ACTIONS)
        referral, referral_params = _choice("v.id", 8, REFERRALS)
        duration, duration_params = _choice("v.id", 9, DURATIONS)
        other = f"(CASE WHEN {_hash('v.id', 10)} %% 20 = 0 THEN 'municipality' ELSE '' END)"
        cursor.execute(
            f"INSERT INTO {question} (visit_id, position, kind, topic_id, other_organisation,"
            " digid_follow_up, action, referred_to, duration)"
            f" SELECT v.id, 1, {kind}, {topic}, {other}, '', {action},"
            f" CASE WHEN {action} = 'referred' THEN {referral} ELSE '' END, {duration}"
            f" FROM {visit} v WHERE v.id > %s",
            [
                *kind_params,
                *topic_params,
                *action_params,
                *action_params,
                *referral_params,
                *duration_params,
                after,
            ],
        )

        provider, provider_params = _choice("q.id", 11, [(pk, 1) for pk in provider_ids])
        cursor.execute(
            f"INSERT INTO {through} (question_id, serviceprovider_id)"
            f" SELECT q.id, {provider} FROM {question} q"
            f" WHERE q.id > %s AND {_hash('q.id', 12)} %% 2 = 0",
            [*provider_params, questions_after],
        )
        tallies.rebuild(location_ids)
        for table in (visit, question, through, *TALLY_TABLES):
            cursor.execute(f"ANALYZE {table}")  # the planner's statistics, for the new size
    return count
