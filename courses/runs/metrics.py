"""Location metrics for the quality audits ("visitors are guided to courses"): how many
citizen course runs a location held or planned in the last and next twelve months, and
the share of seated participants who completed. One query per metric for any number of
locations."""

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
