"""Trends that lead to action: peaks in a topic, training needs per location, and course
demand (many DigiD or "done together" questions where no citizen course is planned).

Peaks: a topic's count in one week, nationally and per province, against the median of the
``BASELINE_WEEKS`` weeks before it; flagged when it reaches ``MIN_COUNT`` and at least
``FACTOR`` times that baseline (a topic at several times its usual level) and lies at least
``Z_SCORE`` Poisson standard deviations above it (so small numbers that jump from 3 to 10
by chance are not flagged)."""

import datetime
import math
import statistics
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.learning.models import Completion
from courses.runs.models import CoursePage, CourseRun
from ido_platform.core.models import Membership, Province, Role, Topic
from ido_platform.core.outbox import queue_message
from questions.models import Action, QuestionTally, TopicPeak

BASELINE_WEEKS = 8
FACTOR = 3
Z_SCORE = 5
MIN_COUNT = 15
QUARTER = datetime.timedelta(days=91)
DEMAND_MIN_QUESTIONS = 15
DEMAND_HORIZON = datetime.timedelta(days=92)


def monday(day):
    return day - datetime.timedelta(days=day.weekday())


def weekly_topic_counts(first_week, last_week):
    """{(province or "", topic_id): {week: count}} for whole weeks, national and per province,
    in one query."""
    rows = (
        QuestionTally.objects.filter(
            day__gte=first_week, day__lt=last_week + datetime.timedelta(days=7), topic_id__gt=0
        )
        .annotate(week=TruncWeek("day"))
        .values("week", "topic_id", "location__province")
        .annotate(n=Sum("count"))
        .order_by()
    )
    counts = defaultdict(lambda: defaultdict(int))
    for row in rows:
        week = row["week"]
        week = week.date() if isinstance(week, datetime.datetime) else week
        counts[("", row["topic_id"])][week] += row["n"]
        counts[(row["location__province"], row["topic_id"])][week] += row["n"]
    return counts


def find_peaks(week):
    """The peaks in ``week`` (its Monday): [(province, topic_id, count, baseline)]."""
    week = monday(week)
    first = week - datetime.timedelta(weeks=BASELINE_WEEKS)
    counts = weekly_topic_counts(first, week)
    peaks = []
    for (province, topic_id), weeks in counts.items():
        count = weeks.get(week, 0)
        baseline = statistics.median(
            weeks.get(first + datetime.timedelta(weeks=n), 0) for n in range(BASELINE_WEEKS)
        )
        usual = max(baseline, 1)
        if (
            count >= MIN_COUNT
            and count >= FACTOR * usual
            and count - usual >= Z_SCORE * math.sqrt(usual)
        ):
            peaks.append((province, topic_id, count, baseline))
    return sorted(peaks)


def flag_peaks(week, *, notify=True):
    """Store this week's new peaks and send one message per peak to the editors and the
    coordinators concerned. Idempotent: a peak already stored is not told again."""
    new = []
    for province, topic_id, count, baseline in find_peaks(week):
        known = TopicPeak.objects.filter(topic_id=topic_id, province=province, week=monday(week))
        if known.exists():  # told before: a rerun writes nothing
            continue
        try:  # two runs at once: the unique constraint keeps one
            with transaction.atomic():
                peak = TopicPeak.objects.create(
                    topic_id=topic_id,
                    province=province,
                    week=monday(week),
                    count=count,
                    baseline=baseline,
                )
        except IntegrityError:
            continue
        new.append(peak)
        if notify:
            _tell(peak)
    return new


def _tell(peak):

    place = dict(Province.choices).get(peak.province, _("heel Nederland"))
    subject = _("Piek in vragen over %(topic)s") % {"topic": peak.topic.name}
    body = _(
        "In de week van %(week)s kwamen er %(count)s vragen over %(topic)s binnen (%(place)s). "
        "Gewoonlijk zijn dat er ongeveer %(baseline)s per week.\n\n"
        "Suggestie: maak een korte les of checklist voor medewerkers over dit onderwerp, "
        "of plan een cursus voor inwoners."
    ) % {
        "week": peak.week.strftime("%d-%m-%Y"),
        "count": peak.count,
        "topic": peak.topic.name,
        "place": place,
        "baseline": round(peak.baseline),
    }
    recipients = Membership.objects.filter(role=Role.EDITOR)
    if peak.province:
        recipients = (
            recipients
            | Membership.objects.filter(role=Role.COORDINATOR, location__province=peak.province)
            | Membership.objects.filter(
                role=Role.COORDINATOR,
                location__isnull=True,
                organisation__libraryorganisation__province=peak.province,
            )
        )
    emails = sorted(set(recipients.exclude(user__email="").values_list("user__email", flat=True)))
    for email in emails:
        queue_message(recipient=email, subject=subject, body=body, kind="question_peak")


def recent_peaks(today=None, weeks=8):
    today = today or timezone.localdate()
    return list(
        TopicPeak.objects.filter(week__gte=monday(today) - datetime.timedelta(weeks=weeks))
        .select_related("topic")
        .order_by("-week", "-count")[:10]
    )


def training_gaps(locations, today=None):
    """Per topic: questions at these locations in the last quarter against the share of
    their staff with a valid certificate for a module on that topic; biggest gap first
    (questions × share without a certificate). Four queries for any number of locations."""

    today = today or timezone.localdate()
    questions = dict(
        QuestionTally.objects.filter(
            location__in=locations, day__gt=today - QUARTER, day__lte=today, topic_id__gt=0
        )
        .values("topic_id")
        .annotate(n=Sum("count"))
        .order_by()
        .values_list("topic_id", "n")
    )
    staff = set(
        Membership.objects.filter(
            location__in=locations, role__in=(Role.MEDEWERKER, Role.COORDINATOR)
        ).values_list("user_id", flat=True)
    )
    certified = defaultdict(set)
    for user_id, topic_id in (
        Completion.objects.filter(user_id__in=staff, module__topic_id__in=questions)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values_list("user_id", "module__topic_id")
    ):
        certified[topic_id].add(user_id)
    names = dict(Topic.objects.filter(pk__in=questions).values_list("pk", "name"))
    gaps = []
    for topic_id, count in questions.items():
        share = len(certified[topic_id]) / len(staff) if staff else 0
        gaps.append(
            {
                "topic": names.get(topic_id, ""),
                "questions": count,
                "certified_percent": round(100 * share),
                "gap": count * (1 - share),
            }
        )
    return sorted(gaps, key=lambda gap: (-gap["gap"], gap["topic"]))


def course_demand(locations, today=None):
    """Locations with many DigiD or "done together" questions in the last quarter and no
    citizen course run planned there in the coming three months."""

    today = today or timezone.localdate()
    digid = Topic.objects.filter(slug="digid").values_list("pk", flat=True).first() or -1
    counts = (
        QuestionTally.objects.filter(
            location__in=locations, day__gt=today - QUARTER, day__lte=today
        )
        .values("location_id", "location__name")
        .annotate(
            n=Sum("count", filter=Q(topic_id=digid) | Q(action=Action.TOGETHER)),
        )
        .order_by()
    )
    now = timezone.now()
    planned = set(
        CourseRun.objects.filter(
            location__in=locations,
            course__audience=CoursePage.Audience.CITIZENS,
            first_meeting_at__gte=now,
            first_meeting_at__lte=now + DEMAND_HORIZON,
        )
        .exclude(status=CourseRun.Status.CANCELLED)
        .values_list("location_id", flat=True)
    )
    return [
        {"location": row["location__name"], "questions": row["n"]}
        for row in counts
        if (row["n"] or 0) >= DEMAND_MIN_QUESTIONS and row["location_id"] not in planned
    ]
