"""Location metrics for the quality audits ("visitors are guided to courses"): how many
citizen course runs a location held or planned in the last and next twelve months, and
the share of seated participants who completed. One query per metric for any number of
locations.

Period figures for the funding accountability: the citizen course runs that started in a
period and their participants."""

import datetime
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.runs.models import CoursePage, CourseRun, Enrolment
from ido_platform.core import metrics


def _window():
    now = timezone.now()
    return now - timedelta(days=365), now + timedelta(days=365)


@metrics.register(
    "citizen_course_runs_year",
    _("Cursusgroepen voor inwoners (12 maanden terug en vooruit)"),
    "number",
)
def citizen_course_runs_year(location_ids):
    since, until = _window()
    rows = (
        CourseRun.objects.filter(
            location_id__in=location_ids,
            course__audience=CoursePage.Audience.CITIZENS,
            first_meeting_at__range=(since, until),
        )
        .exclude(status=CourseRun.Status.CANCELLED)
        .values("location_id")
        .annotate(runs=Count("pk"))
    )
    counted = {row["location_id"]: row["runs"] for row in rows}
    return {location_id: counted.get(location_id, 0) for location_id in location_ids}


@metrics.register(
    "citizen_course_completion", _("Aandeel cursisten dat de cursus afrondde (12 maanden)"), "ratio"
)
def citizen_course_completion(location_ids):
    since, _until = _window()
    rows = (
        Enrolment.objects.filter(
            run__location_id__in=location_ids,
            run__course__audience=CoursePage.Audience.CITIZENS,
            run__last_meeting_at__range=(since, timezone.now()),
            status__in=Enrolment.SEAT_STATUSES,
        )
        .values("run__location_id")
        .annotate(
            seated=Count("pk"), completed=Count("pk", filter=Q(status=Enrolment.Status.COMPLETED))
        )
    )
    return {row["run__location_id"]: row["completed"] / row["seated"] for row in rows}


def _period_range(start_date, end_date):
    """Aware datetimes from the start of ``start_date`` up to (not including) the day after
    ``end_date``, in the site's time zone."""
    since = datetime.datetime.combine(start_date, datetime.time.min)
    until = datetime.datetime.combine(end_date + timedelta(days=1), datetime.time.min)
    return timezone.make_aware(since), timezone.make_aware(until)


def _runs_in(location_ids, start_date, end_date, prefix=""):
    """The filter for citizen course runs, not cancelled, whose first meeting falls between
    ``start_date`` and ``end_date`` (inclusive)."""
    since, until = _period_range(start_date, end_date)
    return Q(
        **{
            f"{prefix}location_id__in": location_ids,
            f"{prefix}course__audience": CoursePage.Audience.CITIZENS,
            f"{prefix}first_meeting_at__gte": since,
            f"{prefix}first_meeting_at__lt": until,
        }
    ) & ~Q(**{f"{prefix}status": CourseRun.Status.CANCELLED})


@metrics.register_period_figure(
    "citizen_course_runs", _("Cursusgroepen voor inwoners die in de periode begonnen")
)
def citizen_course_runs(location_ids, start_date, end_date):
    """Citizen course runs (not cancelled) per location whose first meeting falls in the
    period. One query."""
    rows = (
        CourseRun.objects.filter(_runs_in(location_ids, start_date, end_date))
        .values("location_id")
        .annotate(runs=Count("pk"))
        .order_by()
    )
    counted = {row["location_id"]: row["runs"] for row in rows}
    return {location_id: counted.get(location_id, 0) for location_id in location_ids}


# Who took part: seated and not absent. A waiting list, a cancellation or a no-show is not a
# participant; a confirmed place in a run not yet marked complete is.
PARTICIPANT_STATUSES = (Enrolment.Status.CONFIRMED, Enrolment.Status.COMPLETED)


@metrics.register_period_figure(
    "citizen_course_participants",
    _("Deelnemers aan cursusgroepen voor inwoners die in de periode begonnen"),
)
def citizen_course_participants(location_ids, start_date, end_date):
    """Participants (confirmed or completed enrolments) per location in the citizen course
    runs that started in the period. One query."""
    rows = (
        Enrolment.objects.filter(
            _runs_in(location_ids, start_date, end_date, prefix="run__"),
            status__in=PARTICIPANT_STATUSES,
        )
        .values("run__location_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counted = {row["run__location_id"]: row["n"] for row in rows}
    return {location_id: counted.get(location_id, 0) for location_id in location_ids}
