"""The coordinator's pages (logged in, tablet-friendly): own runs, participants and
waitlist with promote / move / cancel, assisted enrolment, attendance per meeting,
completion and certificates, cancelling a run, and the figures with an export.

Every view asks the rules in ``courses/rules.py``: a coordinator only reaches runs and
people of their own library organisation. The work is done by ``courses.runs.services``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from courses.runs.forms import AssistedEnrolmentForm, CancelRunForm, MoveForm
from courses.runs.models import CourseRun, Enrolment, Meeting
from courses.runs.services import attendance as attendance_service
from courses.runs.services import certificates, channels, delivery, statistics
from courses.runs.services import enrolment as enrolment_service
from ido_platform.core import exports
from ido_platform.core.permissions import scope


def _runs_for(user, action="change"):
    return scope(
        user,
        CourseRun.objects.select_related("course", "location", "location__organisation"),
        action,
    )


def _run_or_403(request, run_id):
    run = get_object_or_404(
        CourseRun.objects.select_related("course", "location", "location__organisation"),
        pk=run_id,
    )
    if not request.user.has_perm("courses.change_courserun", run):
        raise PermissionDenied
    return run


def _enrolment_or_403(request, enrolment_id):
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("run__course", "run__location", "user"),
        pk=enrolment_id,
    )
    if not request.user.has_perm("courses.change_enrolment", enrolment):
        raise PermissionDenied
    return enrolment


def _render(request, template, context, status=200):
    return render(request, f"courses/coordinator/{template}", context, status=status)


@login_required
def run_list(request):
    """The coordinator's runs: upcoming first, then the past ones."""
    if not request.user.has_perm("courses.view_courserun"):
        raise PermissionDenied
    runs = (
        _runs_for(request.user, "view")
        .annotate(
            taken=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.SEAT_STATUSES)),
            waiting=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.WAITLISTED)),
        )
        .order_by("-first_meeting_at")
    )
    now = timezone.now()
    runs = list(runs[:200])
    return _render(
        request,
        "run_list.html",
        {
            "upcoming": [r for r in runs if r.last_meeting_at and r.last_meeting_at >= now][::-1],
            "past": [r for r in runs if not r.last_meeting_at or r.last_meeting_at < now],
        },
    )


@login_required
def run_detail(request, run_id):
    """Participants and waitlist of one run, with the actions on them."""
    run = _run_or_403(request, run_id)
    enrolments = list(run.enrolments.select_related("user", "companion_of").order_by("arrival"))
    meetings = list(run.meetings.all())
    register = attendance_service.register(run)
    seated = [e for e in enrolments if e.status in Enrolment.SEAT_STATUSES]
    for enrolment in seated:
        enrolment.presence = [register.get((enrolment.pk, m.pk)) for m in meetings]
        enrolment.run = run  # loaded once for everyone
        enrolment.completion = enrolment_service.completion_check(
            enrolment, register=register, meeting_ids=[m.pk for m in meetings]
        )
        enrolment.message_channel = channels.channel_for(enrolment)
    undelivered = delivery.undelivered(enrolments)
    for enrolment in enrolments:
        enrolment.undelivered = undelivered.get(enrolment.pk, [])
    other_runs = (
        _runs_for(request.user)
        .filter(course=run.course)
        .exclude(pk=run.pk)
        .exclude(status=CourseRun.Status.CANCELLED)
    )
    return _render(
        request,
        "run_detail.html",
        {
            "run": run,
            "meetings": meetings,
            "seated": seated,
            "waitlist": [e for e in enrolments if e.status == Enrolment.Status.WAITLISTED],
            "cancelled": [e for e in enrolments if e.status == Enrolment.Status.CANCELLED],
            "seats_left": max(run.seats - len(seated), 0),
            "undelivered_count": sum(len(found) for found in undelivered.values()),
            "move_form": MoveForm(runs=other_runs),
            "cancel_run_form": CancelRunForm(),
        },
    )


@login_required
def assisted_enrol(request, run_id):
    """Enrol someone at the desk or on the phone: the same form and rules as the public."""
    run = _run_or_403(request, run_id)
    form = AssistedEnrolmentForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = enrolment_service.enrol(
                    run,
                    **form.enrolment_arguments(),
                    source=form.cleaned_data["source"],
                    enrolled_by=request.user,
                    allow_closed=True,
                )
            except enrolment_service.EnrolmentError as error:
                form.add_error(None, error.messages[0])
            else:
                if not result.created:
                    text = _("%(name)s was al aangemeld voor deze groep.")
                elif result.waitlisted:
                    text = _("%(name)s staat op de wachtlijst.")
                else:
                    text = _("%(name)s is aangemeld.")
                messages.success(request, text % {"name": result.enrolment.display_name})
                return redirect("courses:coordinator_run", run.pk)
        status = 400
    return _render(request, "assisted_enrol.html", {"run": run, "form": form}, status=status)


@login_required
@require_POST
def enrolment_action(request, enrolment_id, action):
    """Promote, cancel, complete or mark as no-show (POST from the participant list)."""
    enrolment = _enrolment_or_403(request, enrolment_id)
    reason = request.POST.get("reason", "").strip()[:500]
    actions = {
        "plaatsen": lambda: enrolment_service.promote(enrolment, by=request.user, reason=reason),
        "afmelden": lambda: enrolment_service.cancel(enrolment, by=request.user, reason=reason),
        "afgerond": lambda: enrolment_service.complete(
            enrolment, by=request.user, override_reason=reason
        ),
        "niet-gekomen": lambda: enrolment_service.mark_no_show(enrolment, by=request.user),
    }
    if action not in actions:
        return _render(request, "error.html", {"error": _("Onbekende actie.")}, status=400)
    try:
        actions[action]()
    except enrolment_service.EnrolmentError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Opgeslagen: %(name)s.") % {"name": enrolment.display_name})
    return redirect("courses:coordinator_run", enrolment.run_id)


@login_required
@require_POST
def resend_message(request, enrolment_id, message_id):
    """Send a message that did not arrive (failed, interrupted, or still waiting for its
    next attempt) to the participant again."""
    enrolment = _enrolment_or_403(request, enrolment_id)
    if delivery.resend(enrolment, message_id):
        messages.success(
            request,
            _("Het bericht aan %(name)s wordt opnieuw verstuurd.")
            % {"name": enrolment.display_name},
        )
    else:
        messages.error(
            request,
            _(
                "Dit bericht kan niet opnieuw worden verstuurd: "
                "het is al verzonden of wordt nu verzonden."
            ),
        )
    return redirect("courses:coordinator_run", enrolment.run_id)


@login_required
@require_POST
def move_enrolment(request, enrolment_id):
    """Move someone to another run of the same course, with a reason for the log."""
    enrolment = _enrolment_or_403(request, enrolment_id)
    runs = _runs_for(request.user).filter(course_id=enrolment.run.course_id)
    form = MoveForm(request.POST, runs=runs.exclude(pk=enrolment.run_id))
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect("courses:coordinator_run", enrolment.run_id)
    try:
        result = enrolment_service.move(
            enrolment,
            form.cleaned_data["to_run"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
    except enrolment_service.EnrolmentError as error:
        messages.error(request, error.messages[0])
        return redirect("courses:coordinator_run", enrolment.run_id)
    messages.success(
        request,
        _("%(name)s is verplaatst naar %(run)s.")
        % {"name": enrolment.display_name, "run": result.enrolment.run},
    )
    return redirect("courses:coordinator_run", enrolment.run_id)


@login_required
@require_POST
def cancel_run(request, run_id):
    """Cancel the whole run: everyone enrolled is told, with the reason."""
    run = _run_or_403(request, run_id)
    form = CancelRunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul een reden in. De deelnemers krijgen die te zien."))
        return redirect("courses:coordinator_run", run.pk)
    affected = enrolment_service.cancel_run(
        run, by=request.user, reason=form.cleaned_data["reason"]
    )
    messages.success(
        request,
        ngettext(
            "De groep is geannuleerd. %(count)s deelnemer is afgemeld.",
            "De groep is geannuleerd. %(count)s deelnemers zijn afgemeld.",
            len(affected),
        )
        % {"count": len(affected)},
    )
    return redirect("courses:coordinator_run", run.pk)


@login_required
def attendance(request, meeting_id):
    """Tick who is present at one meeting: big touch targets, one save button."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("run__course", "run__location"), pk=meeting_id
    )
    run = meeting.run
    if not request.user.has_perm("courses.change_courserun", run):
        raise PermissionDenied
    people = list(attendance_service.participants(run))
    if request.method == "POST":
        presence = {}
        for person in people:
            value = request.POST.get(f"aanwezig-{person.pk}")
            if value in ("ja", "nee"):
                presence[person.pk] = value == "ja"
        attendance_service.mark(meeting, presence, by=request.user)
        messages.success(request, _("De aanwezigheid is opgeslagen."))
        return redirect("courses:coordinator_run", run.pk)
    register = attendance_service.register(run)
    for person in people:
        person.present = register.get((person.pk, meeting.pk))
    return _render(request, "attendance.html", {"meeting": meeting, "run": run, "people": people})


def _no_certificate(request, error):
    """Why there is no certificate (the refusal's Dutch text), with its status."""
    return _render(request, "error.html", {"error": error.text}, status=error.status)


@login_required
def certificate(request, enrolment_id):
    """A printable certificate of participation for someone who completed the course."""
    enrolment = _enrolment_or_403(request, enrolment_id)
    try:
        certificates.ensure_certifiable(enrolment)
    except certificates.NotCertifiable as error:
        return _no_certificate(request, error)
    return _render(
        request,
        "certificate.html",
        {
            "enrolment": enrolment,
            "run": enrolment.run,
            "meetings": list(enrolment.run.meetings.all()),
        },
    )


@login_required
def certificate_pdf(request, enrolment_id):
    """The same certificate of participation as a PDF download. It is one small page, so it
    is made here in the request: no Celery task, nothing stored."""
    enrolment = _enrolment_or_403(request, enrolment_id)
    try:
        content = certificates.participation_pdf(enrolment)
    except certificates.NotCertifiable as error:
        return _no_certificate(request, error)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="bewijs-van-deelname-{enrolment.pk}.pdf"'
    )
    return response


@login_required
def figures(request):
    """Figures per library, course and month, as a table, a chart and an XLSX/CSV export."""
    if not request.user.has_perm("courses.view_enrolment"):
        raise PermissionDenied
    rows = statistics.rows(scope(request.user, Enrolment.objects.all(), "view"))
    export = request.GET.get("formaat", "")
    if export in exports.FORMATS:
        keys = [key for key, _label in statistics.COLUMNS]
        return exports.response(
            export,
            "cursuscijfers",
            [label for _key, label in statistics.COLUMNS],
            ([row[key] for key in keys] for row in rows),
            sheet_title=_("Cursuscijfers"),
        )
    biggest = max((row["enrolments"] for row in rows), default=0) or 1
    for row in rows:
        # A share of the widest bar: the HTML chart reflows to any screen width.
        row["bar_percent"] = round(100 * row["enrolments"] / biggest)
    return _render(request, "figures.html", {"rows": rows, "columns": statistics.COLUMNS})
