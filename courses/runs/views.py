"""Public views: the enrolment form, the confirmation, the cancel link, the iCal feed.

Thin: they parse input, call ``courses.runs.services`` and render. Bad input gets a Dutch
message and a 4xx, never a 500.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from courses.runs.forms import EnrolmentForm
from courses.runs.models import Enrolment
from courses.runs.services import calendars, channels, finder, tokens
from courses.runs.services import enrolment as enrolment_service
from ido_platform.core import pagecache, throttle
from ido_platform.core.calendars import new_calendar
from ido_platform.core.models import Location, StandardPage


def _privacy_url():
    page = StandardPage.objects.live().filter(slug="privacyverklaring").first()
    return page.url if page else ""


def too_many_requests(request, run, retry_after):
    """The Dutch 429 page for a client that submits too often: when to try again, and the
    library's phone number and address to enrol in person instead."""
    response = render(
        request,
        "courses/too_many_requests.html",
        {"run": run, "location": run.location, "minutes": max(1, -(-retry_after // 60))},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


# The two counters of the enrolment form, per client (ido_platform.core.throttle): new
# enrolments, and submissions that were refused (a form with errors, a full run...).
ENROLLED, REFUSED = "courses-enrolled", "courses-enrol-refused"


def _enrol_limits():
    return {
        ENROLLED: throttle.Rate.parse(settings.COURSES_ENROL_RATE),
        REFUSED: throttle.Rate.parse(settings.COURSES_ENROL_FAILURE_RATE),
    }


@require_http_methods(["GET", "POST"])
def enrol(request, run_id):
    """The enrolment form for one run, in three steps on one page. A submission looks the
    run up without what only the page shows (counts, meetings, the course page): it usually
    ends in a redirect, and the service locks and counts the run itself. The page for a
    refused submission loads the full run again."""
    run = finder.enrollable_run(run_id) if request.method == "POST" else finder.open_run(run_id)
    if run is None:
        raise Http404(_("Deze cursusgroep bestaat niet of u kunt zich niet meer aanmelden."))
    limits = _enrol_limits()
    client = throttle.client_address(request)
    if request.method == "POST":
        waits = [throttle.retry_after(name, client, rate) for name, rate in limits.items()]
        if any(waits):
            return too_many_requests(request, run, max(wait for wait in waits if wait))
    form = EnrolmentForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = enrolment_service.enrol(run, **form.enrolment_arguments())
            except enrolment_service.EnrolmentError as error:
                form.add_error(None, error.messages[0])
            else:
                if result.created:
                    throttle.count(ENROLLED, client, limits[ENROLLED])
                url = tokens.confirmation_path(result.enrolment)
                return redirect(url + ("" if result.created else "?al-aangemeld=1"))
        throttle.count(REFUSED, client, limits[REFUSED])
        status = 400
        run = finder.open_run(run.pk) or run
    return TemplateResponse(
        request,
        "courses/enrol.html",
        {
            "run": run,
            "course": run.course,
            "form": form,
            "privacy_url": _privacy_url(),
            "retention_months": settings.COURSES_RETENTION_MONTHS,
        },
        status=status,
    )


def _enrolment_from_token(token, salt):
    value = tokens.uuid_from_token(token, salt)
    if value is None:
        raise Http404(_("Deze link klopt niet. Controleer de link of bel de bibliotheek."))
    return get_object_or_404(
        Enrolment.objects.select_related("run__course", "run__location").prefetch_related(
            "run__meetings", "companions"
        ),
        uuid=value,
    )


def confirmation(request, token):
    """The printable confirmation of one enrolment (seat or waitlist)."""
    enrolment = _enrolment_from_token(token, tokens.CONFIRMATION_SALT)
    return render(
        request,
        "courses/confirmation.html",
        {
            "enrolment": enrolment,
            "run": enrolment.run,
            "course": enrolment.run.course,
            "already": "al-aangemeld" in request.GET,
            "cancel_path": tokens.cancel_path(enrolment),
            "waitlist_position": _waitlist_position(enrolment),
            "channel": channels.channel_for(enrolment),
        },
    )


def _waitlist_position(enrolment):
    if enrolment.status != Enrolment.Status.WAITLISTED:
        return None
    return (
        enrolment.run.enrolments.filter(
            status=Enrolment.Status.WAITLISTED,
            companion_of=None,
            arrival__lt=enrolment.arrival,
        ).count()
        + 1
    )


@require_http_methods(["GET", "POST"])
def cancel(request, token):
    """The personal cancel link: GET asks "are you sure?", POST cancels (no login)."""
    enrolment = _enrolment_from_token(token, tokens.CANCEL_SALT)
    done = False
    if request.method == "POST":
        enrolment_service.cancel(enrolment)
        enrolment.refresh_from_db()
        done = True
    return render(
        request,
        "courses/cancel.html",
        {
            "enrolment": enrolment,
            "run": enrolment.run,
            "course": enrolment.run.course,
            "done": done,
        },
    )


@pagecache.cacheable
def location_calendar(request, slug):
    """An iCal feed of the upcoming public course meetings at one location."""
    location = get_object_or_404(Location, slug=slug)
    calendar = new_calendar(
        calendars.PRODUCT, name=_("Cursussen bij %(name)s") % {"name": location.name}
    )
    for run in finder.upcoming_runs().filter(location=location):
        calendars.add_run_events(calendar, run)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="cursussen-{location.slug}.ics"'
    return response
