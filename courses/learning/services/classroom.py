"""The classroom skills training (*vaardigheidstraining*, with a training actor, at most 16
per session) through the course-run engine of ``courses``: list the sessions of a staff
course for a learning path, and sign staff up or off through ``enrol`` / ``cancel``."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.runs.models import CoursePage, CourseRun, Enrolment
from courses.runs.services import enrolment as enrolment_service

EnrolmentError = enrolment_service.EnrolmentError


def is_staff_course(page):
    return CoursePage.objects.filter(
        pk=getattr(page, "pk", page), audience=CoursePage.Audience.STAFF
    ).exists()


def sessions_for_parts(user, parts, *, now=None):
    """{part id: {"runs": [...], "mine": enrolment or None}} for the classroom parts: the open
    runs of each staff course with free seats counted in the query, and the employee's own
    active or completed enrolment."""
    now = now or timezone.now()
    course_parts = [part for part in parts if part.course_page_id]
    if not course_parts:
        return {}
    course_ids = [part.course_page_id for part in course_parts]
    runs = (
        CourseRun.objects.filter(
            course_id__in=course_ids,
            course__audience=CoursePage.Audience.STAFF,
            first_meeting_at__gt=now,
        )
        .exclude(status=CourseRun.Status.CANCELLED)
        .select_related("location")
        .annotate(
            taken=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.SEAT_STATUSES)),
            waiting=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.WAITLISTED)),
        )
        .order_by("first_meeting_at", "pk")
    )
    mine = {}
    if user.is_authenticated:
        for enrolment in (
            Enrolment.objects.filter(
                user=user,
                run__course_id__in=course_ids,
                status__in=[*Enrolment.ACTIVE_STATUSES, Enrolment.Status.COMPLETED],
            )
            .select_related("run__location")
            .order_by("-created_at")
        ):
            mine.setdefault(enrolment.run.course_id, enrolment)
    result = {}
    for part in course_parts:
        result[part.pk] = {
            "runs": [run for run in runs if run.course_id == part.course_page_id],
            "mine": mine.get(part.course_page_id),
        }
    return result


def sign_up(user, run):
    """Sign an employee up for a session of a staff course: a seat, or the waitlist when the
    session is full. Raises EnrolmentError (Dutch) when the rules refuse."""
    if run.course.audience != CoursePage.Audience.STAFF:
        raise EnrolmentError(_("Deze cursus is niet voor medewerkers."))
    return enrolment_service.enrol(run, user=user, enrolled_by=user)


def sign_off(user, enrolment):
    """Cancel the employee's own enrolment; a freed seat goes to the waitlist."""
    if enrolment.user_id != user.pk:
        raise EnrolmentError(_("Dit is niet jouw aanmelding."))
    return enrolment_service.cancel(enrolment, by=user)
