"""Thin views for staff e-learning: lesson done, quiz submit and result, certificate
download and public verification, the coordinator's team dashboard (with extra quiz
attempts) and the national view."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from courses.learning.models import (
    Certificate,
    LessonPage,
    QuizAttempt,
    QuizPage,
    TrainingModulePage,
)
from courses.learning.services import certificates, classroom, dashboard, progress, quizzes
from courses.runs.models import CourseRun, Enrolment
from ido_platform.core import exports, formatting, metrics, permissions, private_files
from ido_platform.core.models import LibraryOrganisation, Location, Membership, Role
from ido_platform.core.parsing import positive_int


def _require(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


@login_required
@require_POST
def lesson_done(request, lesson_id):
    """Mark a lesson done and go on to the next step of the module."""
    _require(request, "learning.follow_training")
    # A page's key is a one-to-one link, which Django does not range-check: an overlong id
    # would reach SQLite and raise.
    lesson = get_object_or_404(LessonPage.objects.live(), pk=positive_int(lesson_id))
    completion = progress.record_lesson_done(request.user, lesson)
    module = progress.module_of(lesson)
    if completion is not None:
        messages.success(
            request,
            _("Je hebt de module %(module)s afgerond. Je certificaat staat klaar.")
            % {"module": module.title},
        )
        return redirect(module.url)
    state = progress.module_state(request.user, module)
    messages.success(request, _("Les afgerond: %(lesson)s.") % {"lesson": lesson.title})
    if state.next_lesson is not None:
        return redirect(state.next_lesson.url)
    if state.quiz is not None:
        return redirect(state.quiz.url)
    return redirect(module.url)


@login_required
@require_POST
def submit_quiz(request, quiz_id):
    """Grade the posted answers. Bad input re-renders the quiz with a Dutch message (400)."""
    _require(request, "learning.follow_training")
    quiz = get_object_or_404(QuizPage.objects.live(), pk=positive_int(quiz_id))
    questions = list(quiz.ordered_questions())
    answers = quizzes.answers_from_post(request.POST, questions)
    try:
        attempt = quizzes.grade_attempt(
            request.user, quiz, answers, token=request.POST.get("token", "")
        )
    except quizzes.QuizInputError as error:
        context = quiz.get_context(request)
        context.update(
            quizzes.quiz_context(request.user, quiz, errors=error.errors, submitted=answers)
        )
        return TemplateResponse(request, quiz.get_template(request), context, status=400)
    return redirect("learning:attempt_result", attempt_id=attempt.pk)


@login_required
@require_GET
def attempt_result(request, attempt_id):
    """The result of one attempt; each wrong answer is explained."""
    attempt = get_object_or_404(QuizAttempt.objects.select_related("quiz", "module"), pk=attempt_id)
    _require(request, "learning.view_training_record", attempt)
    if attempt.user_id != request.user.pk:
        raise Http404  # the review is the employee's own; coordinators see statuses only
    state = progress.module_state(request.user, attempt.module)
    attempts_left = quizzes.attempts_left(request.user, attempt.quiz, state)
    reveal = quizzes.reveals_right_answers(attempt, state, attempts_left)
    return TemplateResponse(
        request,
        "learning/attempt_result.html",
        {
            "attempt": attempt,
            "module": attempt.module,
            "quiz": attempt.quiz,
            "items": quizzes.review(attempt, reveal=reveal),
            "reveal": reveal,
            "state": state,
            "attempts_left": attempts_left,
        },
    )


@login_required
@require_GET
def certificate_download(request, certificate_id):
    certificate = get_object_or_404(
        Certificate.objects.select_related("completion__module"), pk=certificate_id
    )
    _require(request, "learning.view_training_record", certificate)
    if not certificate.file:
        certificate = certificates.generate_file(certificate.pk)
    return private_files.serve(
        certificate.file,
        filename=f"certificaat-{certificate.code.lower()}.pdf",
        content_type="application/pdf",
        as_attachment=True,
    )


@require_GET
def verify_form(request):
    """Public: type a code, see whether the certificate is valid."""
    code = request.GET.get("code", "").strip()
    if code:
        normalised = certificates.normalise_code(code)
        if normalised:
            return redirect("learning:verify_certificate", code=normalised)
    return TemplateResponse(
        request,
        "learning/verify.html",
        {"error": _("Vul een controlecode in.") if "code" in request.GET else "", "code": code},
        status=400 if "code" in request.GET else 200,
    )


@require_GET
def verify_certificate(request, code):
    """Public: only the name, the module, the completion date and the validity."""
    result = certificates.verify(code)
    status = 404 if result.status == certificates.UNKNOWN else 200
    return TemplateResponse(
        request,
        "learning/verify.html",
        {"result": result, "code": code[:40]},
        status=status,
    )


def _chosen_organisation(request):
    """The organisation whose team is shown: the chosen one, else the first (by name) that
    has staff, else the first. A coordinator chooses among their own organisations; the
    national role may pick any library."""
    user = request.user
    if permissions.is_national(user):
        choices = LibraryOrganisation.objects.order_by("name")
    else:
        own = permissions.organisation_ids(user, Role.COORDINATOR)
        choices = LibraryOrganisation.objects.filter(pk__in=own).order_by("name")
    has_staff = Exists(
        Membership.objects.filter(organisation_id=OuterRef("pk"), role__in=dashboard.STAFF_ROLES)
    )
    choices = list(choices.only("pk", "name", "slug").annotate(has_staff=has_staff))
    wanted = request.GET.get("organisatie", "")
    chosen = next((org for org in choices if org.slug == wanted), None)
    if chosen is None and wanted:
        raise Http404
    if chosen is None:
        chosen = next((org for org in choices if org.has_staff), choices[0] if choices else None)
    return chosen, choices


@login_required
@require_GET
def team_dashboard(request):
    """Staff × modules for one organisation, with filters and CSV/XLSX export, and a form
    per employee who used every attempt at a quiz to grant extra ones."""
    return _team_page(request)


def _team_page(request, *, refusal=None, status=200):
    """The team dashboard (also shown again after a refused grant, with the reason)."""
    _require(request, "learning.view_team_dashboard")
    organisation, organisation_choices = _chosen_organisation(request)
    if organisation is None:
        raise PermissionDenied
    _require(request, "learning.view_team_dashboard", organisation)
    locations = list(Location.objects.filter(organisation=organisation).only("pk", "name"))
    location_id = positive_int(request.GET.get("locatie"))
    if location_id not in {location.pk for location in locations}:
        location_id = None
    all_modules = list(
        TrainingModulePage.objects.live().order_by("path").only("pk", "title", "path")
    )
    module_id = positive_int(request.GET.get("module"))
    if module_id not in {module.pk for module in all_modules}:
        module_id = None
    matrix = dashboard.team_matrix(
        organisation, location_id=location_id, module_id=module_id, live_modules=all_modules
    )
    export = request.GET.get("export") if request.method == "GET" else None
    if export in exports.FORMATS:
        header, body = dashboard.matrix_table(matrix)
        return exports.response(
            export,
            f"trainingsstatus-{organisation.slug}",
            header,
            body,
            sheet_title=_("Trainingsstatus"),
        )
    used_up = dashboard.used_up_quizzes(matrix, exclude_user_id=request.user.pk)
    refused_field_id = ""
    if refusal is not None:
        refused_key = f"{request.POST.get('employee', '')}-{request.POST.get('quiz', '')}"
        for row in used_up:
            if row.key == refused_key:
                row.submitted = {
                    "extra_attempts": request.POST.get("extra_attempts", ""),
                    "reason": request.POST.get("reason", ""),
                    "field": refusal.field,
                }
                if refusal.field:
                    prefix = "reden" if refusal.field == "reason" else "aantal"
                    refused_field_id = f"{prefix}-{row.key}"
    return TemplateResponse(
        request,
        "learning/team_dashboard.html",
        {
            "organisation": organisation,
            "organisation_choices": organisation_choices,
            "locations": locations,
            "location_id": location_id,
            "all_modules": all_modules,
            "module_id": module_id,
            "matrix": matrix,
            # From the question registration, through the registry (no app import).
            "training_needs": metrics.training_needs(
                [location_id] if location_id else [location.pk for location in locations]
            ),
            "used_up": used_up,
            "max_extra_attempts": quizzes.MAX_EXTRA_ATTEMPTS,
            "grant_error": refusal.message if refusal is not None else "",
            "refused_field_id": refused_field_id,
            "query": _team_query(request),
            "export_base": reverse("learning:team_dashboard"),
        },
        status=status,
    )


def _team_query(request):
    """The dashboard's filters, to come back to the same view after a grant."""
    query = request.GET.copy()
    query.pop("export", None)
    return query.urlencode()


@login_required
@require_POST
def grant_extra_attempt(request):
    """Give an employee extra attempts at a quiz they used up (the form on the team
    dashboard). A refusal shows the dashboard again with the Dutch reason: 403 when the user
    may not grant to this employee, 400 for wrong input; nothing changes."""
    _require(request, "learning.grant_extra_attempt")
    employee = get_object_or_404(
        get_user_model(), pk=positive_int(request.POST.get("employee", ""))
    )
    quiz = get_object_or_404(QuizPage.objects.live(), pk=positive_int(request.POST.get("quiz", "")))
    try:
        grant = quizzes.grant_extra_attempts(
            employee,
            quiz,
            by=request.user,
            extra=request.POST.get("extra_attempts", ""),
            reason=request.POST.get("reason", ""),
            token=request.POST.get("token", ""),
        )
    except quizzes.GrantRefused as error:
        return _team_page(request, refusal=error, status=error.status)
    messages.success(
        request,
        ngettext(
            "%(name)s heeft %(count)s extra poging gekregen voor de toets van %(module)s.",
            "%(name)s heeft %(count)s extra pogingen gekregen voor de toets van %(module)s.",
            grant.extra_attempts,
        )
        % {
            "name": formatting.person_name(employee),
            "count": grant.extra_attempts,
            "module": grant.module.title,
        },
    )
    query = _team_query(request)
    return redirect(reverse("learning:team_dashboard") + (f"?{query}" if query else ""))


@login_required
@require_GET
def national_dashboard(request):
    """Per organisation and province: the share of staff with a valid basic training."""
    _require(request, "learning.view_national_dashboard")
    overview = dashboard.national_overview()
    return TemplateResponse(request, "learning/national_dashboard.html", overview)


def _back(request, fallback="/"):

    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@login_required
@require_POST
def classroom_sign_up(request, run_id):
    """Sign up for a session of the classroom skills training (through the course engine)."""

    _require(request, "learning.follow_training")
    run = get_object_or_404(CourseRun.objects.select_related("course", "location"), pk=run_id)
    try:
        result = classroom.sign_up(request.user, run)
    except classroom.EnrolmentError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_back(request))
    enrolment = result.enrolment
    if enrolment.status == enrolment.Status.WAITLISTED:
        messages.info(request, _("De groep is vol. Je staat op de wachtlijst."))
    else:
        messages.success(request, _("Je bent aangemeld voor de vaardigheidstraining."))
    return redirect(_back(request))


@login_required
@require_POST
def classroom_sign_off(request, enrolment_id):

    enrolment = get_object_or_404(Enrolment, pk=enrolment_id, user=request.user)
    classroom.sign_off(request.user, enrolment)
    messages.success(request, _("Je bent afgemeld."))
    return redirect(_back(request))
