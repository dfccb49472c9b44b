"""Open data: a read-only JSON API of published citizen courses and their upcoming runs with
seats left, for library websites and national course finders. No personal data.
The OpenAPI schema is at /cursussen/api/openapi.json, the docs at /cursussen/api/docs."""

from datetime import datetime

from ninja import NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field

from django.http import Http404
from django.utils.translation import gettext as _

from courses.runs.models import CoursePage
from courses.runs.services import finder
from ido_platform.core import pagecache
from ido_platform.core.links import absolute_reverse, absolute_url

api = NinjaAPI(
    title="IDO-platform: cursussen voor inwoners",
    version="1.0",
    description="Open data: cursussen en cursusgroepen met vrije plaatsen. Geen persoonsgegevens.",
    urls_namespace="cursussen_api",
)


class CourseOut(Schema):
    slug: str
    title: str
    summary: str
    who_for: str
    what_to_bring: str
    format_description: str
    provider: str
    url: str


class MeetingOut(Schema):
    starts_at: datetime
    ends_at: datetime


class LocationOut(Schema):
    name: str
    slug: str
    street_address: str
    postcode: str
    town: str
    municipality: str
    province: str
    organisation: str


class RunOut(Schema):
    id: int
    course: str
    course_title: str
    location: LocationOut
    seats: int
    seats_left: int
    waitlist: bool
    status: str
    meetings: list[MeetingOut]
    enrol_url: str


class RunFilter(Schema):
    cursus: str = Field("", max_length=100, description="slug van de cursus")
    gemeente: str = Field("", max_length=100, description="naam van de gemeente")
    pagina: int = Field(1, ge=1, le=100_000)


class RunPage(Schema):
    count: int
    page: int
    pages: int
    results: list[RunOut]


@api.exception_handler(NinjaValidationError)
def validation_failed(request, exc):
    return api.create_response(
        request,
        {"detail": _("Ongeldige invoer."), "errors": exc.errors},
        status=422,
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Niet gevonden.")}, status=404)


def _courses():
    return CoursePage.objects.live().filter(audience=CoursePage.Audience.CITIZENS).order_by("path")


def _course_out(course, request):
    return CourseOut(
        slug=course.slug,
        title=course.title,
        summary=course.summary,
        who_for=course.who_for,
        what_to_bring=course.what_to_bring,
        format_description=course.format_description,
        provider=course.provider,
        url=absolute_url(course.get_url(request) or "/"),
    )


@api.get("/cursussen", response=list[CourseOut], summary="Gepubliceerde cursussen")
@decorate_view(pagecache.cacheable)  # public open data: served from the page cache
def list_courses(request):
    return [_course_out(course, request) for course in _courses()]


@api.get("/cursussen/{slug}", response=CourseOut, summary="Eén cursus")
@decorate_view(pagecache.cacheable)  # public open data: served from the page cache
def get_course(request, slug: str):
    course = _courses().filter(slug=slug[:255]).first()
    if course is None:
        raise Http404
    return _course_out(course, request)


def _run_out(run, request):
    location = run.location
    return RunOut(
        id=run.pk,
        course=run.course.slug,
        course_title=run.course.title,
        location=LocationOut(
            name=location.name,
            slug=location.slug,
            street_address=location.street_address,
            postcode=location.postcode,
            town=location.town,
            municipality=location.municipality,
            province=location.province,
            organisation=location.organisation.name,
        ),
        seats=run.seats,
        seats_left=run.seats_left(),
        waitlist=run.seats_left() == 0,
        status=run.status,
        meetings=[MeetingOut(starts_at=m.starts_at, ends_at=m.ends_at) for m in run.meetings.all()],
        enrol_url=absolute_reverse("courses:enrol", args=[run.pk]),
    )


@api.get("/groepen", response=RunPage, summary="Komende cursusgroepen met vrije plaatsen")
@decorate_view(pagecache.cacheable)  # public open data: served from the page cache
def list_runs(request, filters: Query[RunFilter]):
    runs = finder.upcoming_runs()
    if filters.cursus:
        runs = runs.filter(course__slug=filters.cursus)
    if filters.gemeente:
        runs = finder.in_municipality(runs, filters.gemeente)
    page = finder.paginate(runs, {"pagina": str(filters.pagina)})
    return RunPage(
        count=page.paginator.count,
        page=page.number,
        pages=page.paginator.num_pages,
        results=[_run_out(run, request) for run in page.object_list],
    )


@api.get("/groepen/{run_id}", response=RunOut, summary="Eén komende cursusgroep")
@decorate_view(pagecache.cacheable)  # public open data: served from the page cache
def get_run(request, run_id: int):
    run = finder.open_run(run_id) if 0 < run_id < 2**62 else None
    if run is None:
        raise Http404
    return _run_out(run, request)
