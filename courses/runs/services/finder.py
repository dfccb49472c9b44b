"""What the public sees: upcoming runs of published citizen courses, with seats left.

Every list here uses a fixed number of queries however many runs there are: counts are
annotations, meetings are prefetched, pages are paginated.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from courses.runs.models import CoursePage, CourseRun, Enrolment, Meeting
from ido_platform.core.models import Location
from ido_platform.core.parsing import positive_int

PAGE_SIZE = 10


def _public_runs(now):
    """Runs of live citizen courses whose first meeting is still ahead, not cancelled."""
    return CourseRun.objects.filter(
        course__live=True,
        course__audience=CoursePage.Audience.CITIZENS,
        first_meeting_at__gt=now or timezone.now(),
    ).exclude(status=CourseRun.Status.CANCELLED)


def upcoming_runs(now=None):
    """Runs of live citizen courses whose first meeting is still ahead, not cancelled,
    with ``taken`` and ``waiting`` counts and their meetings."""
    return (
        _public_runs(now)
        .select_related("course", "location", "location__organisation")
        .annotate(
            taken=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.SEAT_STATUSES)),
            waiting=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.WAITLISTED)),
        )
        .prefetch_related(Prefetch("meetings", queryset=Meeting.objects.order_by("starts_at")))
        .order_by("first_meeting_at", "pk")
    )


def places(runs):
    """The municipalities that have upcoming runs (one query)."""
    return Location.objects.filter(pk__in=runs.values("location")).municipalities()


def in_municipality(runs, municipality):
    """The runs at locations in ``municipality`` (the finder's and the API's filter:
    ``Location.objects.in_municipality``)."""
    return runs.filter(location__in=Location.objects.in_municipality(municipality))


def _page_number(params):
    return positive_int(params.get("pagina")) or 1


def paginate(runs, params):
    paginator = Paginator(runs, PAGE_SIZE)
    return paginator.get_page(_page_number(params))


def _clean_place(params, available):
    place = str(params.get("plaats", "")).strip()[:100]
    return place if place in available else ""


def finder_context(index_page, params):
    """Context for the finder: filters (place, course), a page of runs, and course urls."""
    runs = upcoming_runs()
    courses = list(
        CoursePage.objects.live()
        .child_of(index_page)
        .filter(audience=CoursePage.Audience.CITIZENS)
        .order_by("path")
    )
    available_places = sorted(places(runs))
    place = _clean_place(params, available_places)
    course_slug = str(params.get("cursus", "")).strip()[:100]
    if course_slug not in {course.slug for course in courses}:
        course_slug = ""
    if place:
        runs = in_municipality(runs, place)
    if course_slug:
        runs = runs.filter(course__slug=course_slug)
    page = paginate(runs, params)
    return {
        "courses": courses,
        "places": available_places,
        "selected_place": place,
        "selected_course": course_slug,
        "runs_page": page,
        "runs": list(page.object_list),
    }


def runs_for_course(course_page, params=None):
    """Context for a course page: its upcoming runs, filterable by place, paginated."""
    params = params or {}
    runs = upcoming_runs().filter(course=course_page)
    available_places = sorted(places(runs))
    place = _clean_place(params, available_places)
    if place:
        runs = in_municipality(runs, place)
    page = paginate(runs, params)
    return {
        "places": available_places,
        "selected_place": place,
        "runs_page": page,
        "runs": list(page.object_list),
    }


def open_run(run_id, now=None):
    """One upcoming public run (for the enrolment form), with counts; None when not found."""
    run_id = positive_int(run_id)
    if run_id is None:
        return None
    return upcoming_runs(now).filter(pk=run_id).first()


def enrollable_run(run_id, now=None):
    """The run a submitted enrolment form names, when the public may still enrol in it (the
    conditions of ``open_run``), or None. One plain row, without the counts, meetings and
    course page a page shows: the enrolment service locks and counts the run itself."""
    run_id = positive_int(run_id)
    if run_id is None:
        return None
    return _public_runs(now).filter(pk=run_id).first()
