"""Thin views of the audit pages: they check the rules, parse forms and call services."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from assessments import rules as audit_rules
from assessments.forms import (
    ActionForm,
    ActionUpdateForm,
    CorrectionForm,
    FindingForm,
    PlanAuditForm,
    ReviewForm,
    ScoringForm,
)
from assessments.models import (
    Answer,
    ApprovedAuditError,
    Audit,
    EvidencePhoto,
    FrameworkVersion,
    ImprovementAction,
)
from assessments.services import audits as service
from assessments.services import dashboard as dashboard_service
from assessments.services import evidence, exports, reports
from assessments.services.frameworks import new_version, structure
from assessments.services.scoring import score_audit
from ido_platform.core import private_files
from ido_platform.core.exports import FORMATS
from ido_platform.core.models import Location
from ido_platform.core.parsing import positive_int
from ido_platform.core.permissions import is_national, scope
from ido_platform.core.views import refused

BACK = (reverse_lazy("assessments:audit_list"), gettext_lazy("Terug naar Kwaliteitstoetsing"))


def _audit(pk, user):
    """The audit, with whether ``user`` is one of its auditors read in the same query (the
    permission rules ask that on every page of an audit)."""
    audit = get_object_or_404(
        Audit.objects.select_related("location__organisation", "version__framework").annotate(
            ido_user_assigned=Exists(
                Audit.auditors.through.objects.filter(audit_id=OuterRef("pk"), user_id=user.pk)
            )
        ),
        pk=pk,
    )
    audit._assigned_for = {user.pk: audit.ido_user_assigned}
    return audit


def _require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


@login_required
def audit_list(request):
    """The entry page: the audits this user may see, and the self-assessments to fill in."""
    audits = scope(request.user, Audit.objects.all(), "view")
    audits = audits.select_related("location__organisation", "version__framework").order_by(
        "-planned_for", "-pk"
    )[:100]
    self_assessments = audit_rules.self_assessments_for(
        request.user, Audit.objects.select_related("location")
    )
    return render(
        request,
        "assessments/audit_list.html",
        {
            "audits": audits,
            "self_assessments": self_assessments,
            "can_plan": request.user.has_perm("assessments.plan_audit"),
            "can_see_dashboard": request.user.has_perm("assessments.view_dashboard"),
        },
    )


@login_required
def audit_detail(request, pk):
    """The audit's working page for auditors and reviewers: progress per theme, findings,
    actions, submit, review, history."""
    audit = _audit(pk, request.user)
    _require(request.user, "assessments.view_audit", audit)
    is_auditor = request.user.has_perm("assessments.score_audit", audit)
    if audit.is_approved and not (is_auditor or is_national(request.user)):
        return redirect("assessments:report", pk=audit.pk)
    themes = structure(audit.version)
    result = score_audit(audit, themes=themes)
    return render(
        request,
        "assessments/audit_detail.html",
        {
            "audit": audit,
            "result": result,
            "is_auditor": is_auditor,
            "can_review": request.user.has_perm("assessments.review_audit", audit)
            and audit.status == Audit.Status.SUBMITTED,
            "scoring_open": audit.status in service.SCORING_OPEN,
            "finding_form": FindingForm(prefix="finding"),
            "action_form": ActionForm(prefix="action", audit=audit),
            "review_form": ReviewForm(prefix="review"),
            "previous_open_actions": service.open_actions_of_previous(audit),
            "findings": audit.findings.all(),
            "actions": audit.actions.select_related("owner"),
            "events": audit.events.select_related("by"),
        },
    )


@dataclass(frozen=True)
class ScoringAudience:
    """Who fills in a theme's form: the auditor (scores, photos) or the location's
    coordinator (the self-assessment). The same form, different rights and ways on."""

    source: str
    permission: str
    open_states: tuple
    url_name: str
    with_photo: bool

    def finished_redirect(self, audit):
        """Where "next" leads after the last theme."""
        if self.with_photo:
            return redirect("assessments:audit", pk=audit.pk)
        return redirect("assessments:audit_list")


AUDITOR = ScoringAudience(
    Answer.Source.AUDITOR,
    "assessments.score_audit",
    service.SCORING_OPEN,
    "assessments:score",
    with_photo=True,
)
SELF = ScoringAudience(
    Answer.Source.SELF,
    "assessments.selfassess_audit",
    service.SELF_ASSESSMENT_OPEN,
    "assessments:self_assessment",
    with_photo=False,
)


@login_required
def score_theme(request, pk, theme_key):
    """The auditor's scoring form of one theme."""
    return _scoring_page(request, pk, theme_key, AUDITOR)


@login_required
def self_assessment(request, pk, theme_key):
    """The coordinator's self-assessment of one theme."""
    return _scoring_page(request, pk, theme_key, SELF)


def _scoring_page(request, pk, theme_key, audience):
    audit = _audit(pk, request.user)
    _require(request.user, audience.permission, audit)
    themes = structure(audit.version)
    index = next((i for i, t in enumerate(themes) if t.key == theme_key), None)
    if index is None:
        raise Http404
    theme = themes[index]
    next_theme = themes[index + 1] if index + 1 < len(themes) else None
    editable = audit.status in audience.open_states
    # Both sources in one query: the form, the self-assessment beside it, and the score.
    all_answers = list(audit.answers.all())
    if request.method != "POST":
        answers = {a.criterion_id: a for a in all_answers if a.source == audience.source}
        form = ScoringForm(
            initial=ScoringForm.initial_for(theme, answers),
            theme=theme,
            with_photo=audience.with_photo,
        )
        return _render_scoring(
            request, audit, themes, theme, next_theme, form, audience, all_answers
        )
    if not editable:
        if audit.is_approved:
            message = _("Deze audit is goedgekeurd en kan niet meer veranderen.")
            return refused(request, message, 409, back=BACK)
        return refused(request, _("Deze audit kan niet meer worden gewijzigd."), 409, back=BACK)
    form = ScoringForm(request.POST, request.FILES, theme=theme, with_photo=audience.with_photo)
    saved_draft = False
    if form.is_valid():
        try:
            saved_draft = form.save_draft(audit, source=audience.source, by=request.user)
        except ApprovedAuditError as error:
            return refused(request, error, 409, back=BACK)
    if request.headers.get("X-Autosave") == "1":
        return _autosave_answer(form, saved_draft)
    if not form.errors:
        messages.success(request, _("Concept opgeslagen."))
        if "next" not in request.POST:
            return redirect(request.path)
        if next_theme:
            return redirect(audience.url_name, pk=audit.pk, theme_key=next_theme.key)
        return audience.finished_redirect(audit)
    if saved_draft:
        messages.warning(request, _("Uw antwoorden zijn als concept bewaard, maar de foto niet."))
    answers = None if saved_draft else all_answers  # re-read what was just saved
    return _render_scoring(
        request, audit, themes, theme, next_theme, form, audience, answers, status=400
    )


def _autosave_answer(form, saved_draft):
    """The JSON answer to the page's autosave (a fetch with ``X-Autosave: 1``)."""
    if form.errors:
        return JsonResponse(
            {"saved": saved_draft, "errors": form.errors.get_json_data()}, status=400
        )
    return JsonResponse({"saved": True})


def _render_scoring(
    request, audit, themes, theme, next_theme, form, audience, all_answers, status=200
):
    """The theme's form with each criterion's current result, and for the auditor the
    self-assessment beside it and the theme's photos."""
    result = score_audit(audit, source=audience.source, themes=themes, answers=all_answers)
    theme_result = result.theme(theme.key)
    derived = {c.criterion.pk: c for c in theme_result.criteria}
    self_answers = {}
    if audience.with_photo:
        self_answers = {
            a.criterion_id: a
            for a in (all_answers if all_answers is not None else audit.answers.all())
            if a.source == Answer.Source.SELF
        }
    for row in form.rows:
        criterion = row["criterion"]
        own = self_answers.get(criterion.pk)
        if own is not None and own.is_answered:
            row["self_text"] = (
                _("niet van toepassing")
                if own.is_not_applicable
                else str(criterion.describe(own.value))
            )
        row["result"] = derived.get(criterion.pk)
    photos = (
        audit.photos.filter(theme=theme).select_related("criterion") if audience.with_photo else []
    )
    return render(
        request,
        "assessments/score_theme.html",
        {
            "audit": audit,
            "theme": theme,
            "themes": themes,
            "next_theme": next_theme,
            "form": form,
            "editable": audit.status in audience.open_states,
            "is_auditor_form": audience.with_photo,
            "photos": photos,
            "theme_result": theme_result,
        },
        status=status,
    )


@login_required
def self_assessment_start(request, pk):
    audit = _audit(pk, request.user)
    _require(request.user, "assessments.selfassess_audit", audit)
    first = audit.version.themes.order_by("sort_order", "pk").first()
    return redirect("assessments:self_assessment", pk=audit.pk, theme_key=first.key)


@login_required
@require_POST
def submit(request, pk):
    audit = _audit(pk, request.user)
    _require(request.user, "assessments.score_audit", audit)
    try:
        service.submit(audit, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessments:audit", pk=audit.pk)
    messages.success(request, _("De audit is ingediend. Een landelijk beoordelaar kijkt ernaar."))
    return redirect("assessments:audit", pk=audit.pk)


@login_required
@require_POST
def review(request, pk):
    audit = _audit(pk, request.user)
    _require(request.user, "assessments.review_audit", audit)
    form = ReviewForm(request.POST, prefix="review")
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("assessments:audit", pk=audit.pk)
    try:
        if form.cleaned_data["decision"] == "approve":
            service.approve(audit, by=request.user)
            messages.success(request, _("De audit is goedgekeurd."))
            return redirect("assessments:report", pk=audit.pk)
        service.send_back(audit, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("De audit is teruggestuurd naar de auditor."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("assessments:audit", pk=audit.pk)


@login_required
@require_POST
def add_finding(request, pk):
    audit = _audit(pk, request.user)
    _require(request.user, "assessments.score_audit", audit)
    form = FindingForm(request.POST, prefix="finding")
    if form.is_valid():
        try:
            service.add_finding(
                audit, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"]
            )
            messages.success(request, _("Bevinding toegevoegd."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Beschrijf de bevinding."))
    return redirect(reverse("assessments:audit", args=[audit.pk]) + "#bevindingen")


@login_required
@require_POST
def add_action(request, pk):
    audit = _audit(pk, request.user)
    _require(request.user, "assessments.score_audit", audit)
    form = ActionForm(request.POST, prefix="action", audit=audit)
    if form.is_valid():
        try:
            service.add_action(
                audit,
                description=form.cleaned_data["description"],
                due_date=form.cleaned_data["due_date"],
                owner=form.cleaned_data["owner"],
            )
            messages.success(request, _("Verbeteractie toegevoegd."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Vul de actie en de datum in."))
    return redirect(reverse("assessments:audit", args=[audit.pk]) + "#acties")


@login_required
def action_update(request, pk):
    action = get_object_or_404(ImprovementAction.objects.select_related("audit__location"), pk=pk)
    _require(request.user, "assessments.change_improvementaction", action)
    status = 200
    if request.method == "POST":
        form = ActionUpdateForm(request.POST)
        if form.is_valid():
            service.update_action(
                action,
                status=form.cleaned_data["status"],
                fix_evidence=form.cleaned_data["fix_evidence"],
            )
            messages.success(request, _("De verbeteractie is bijgewerkt."))
            return redirect("assessments:report", pk=action.audit_id)
        status = 400
    else:
        form = ActionUpdateForm(
            initial={"status": action.status, "fix_evidence": action.fix_evidence}
        )
    return render(
        request, "assessments/action_update.html", {"action": action, "form": form}, status=status
    )


@login_required
def photo(request, pk):
    """Evidence photos are not public media: served after the same check as the audit."""
    item = get_object_or_404(EvidencePhoto.objects.select_related("audit__location"), pk=pk)
    _require(request.user, "assessments.view_audit", item.audit)
    return private_files.serve(item.image, content_type="image/jpeg")


@login_required
@require_POST
def remove_photo(request, pk):
    """The assigned auditor removes a wrong photo (the same right as adding one) until the
    audit is submitted; back to the theme's form it was added on."""
    item = get_object_or_404(EvidencePhoto.objects.select_related("audit", "theme"), pk=pk)
    _require(request.user, "assessments.score_audit", item.audit)
    try:
        evidence.remove_photo(item, by=request.user)
    except ValidationError as error:
        return refused(request, error, 409, back=BACK)
    messages.success(request, _("De foto is verwijderd."))
    if item.theme is not None:
        return redirect("assessments:score", pk=item.audit_id, theme_key=item.theme.key)
    return redirect("assessments:audit", pk=item.audit_id)


@login_required
def report(request, pk):
    audit = _audit(pk, request.user)
    _require(request.user, "assessments.view_audit", audit)
    context = reports.report_context(audit)
    context["can_update_actions"] = request.user.has_perm("assessments.change_improvementaction")
    context["can_correct"] = audit.is_approved and request.user.has_perm(
        "assessments.correct_audit", audit
    )
    return render(request, "assessments/report.html", context)


@login_required
def report_pdf(request, pk):
    audit = _audit(pk, request.user)
    _require(request.user, "assessments.view_audit", audit)
    content = reports.report_pdf(reports.report_context(audit))
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"auditrapport-{audit.location.slug}-{audit.planned_for:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def plan(request):
    _require(request.user, "assessments.plan_audit")
    locations = scope(request.user, Location.objects.all(), "change")
    status = 200
    if request.method == "POST":
        form = PlanAuditForm(request.POST, locations=locations)
        if form.is_valid():
            try:
                audit = service.plan_audit(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("De audit is gepland. Iedereen krijgt bericht."))
                if request.user.has_perm("assessments.view_audit", audit):
                    return redirect("assessments:audit", pk=audit.pk)
                return redirect("assessments:audit_list")
        status = 400
    else:
        form = PlanAuditForm(
            locations=locations,
            initial={"planned_for": timezone.localdate() + datetime.timedelta(days=28)},
        )
    return render(request, "assessments/plan.html", {"form": form}, status=status)


@login_required
def dashboard(request):
    _require(request.user, "assessments.view_dashboard")
    filters = dashboard_service.Filters.from_query(request.GET)
    context = dashboard_service.dashboard(filters, page=request.GET.get("pagina"))
    context["querystring"] = filters.querystring()
    return render(request, "assessments/dashboard.html", context)


@login_required
def export(request, what, fmt):
    _require(request.user, "assessments.export_audits")
    if what not in exports.EXPORTS or fmt not in FORMATS:
        raise Http404
    filters = dashboard_service.Filters.from_query(request.GET)
    return exports.respond(what, fmt, filters)


@login_required
def correct(request, pk):
    """A national admin corrects an approved audit: a new revision with a reason."""
    audit = _audit(pk, request.user)
    _require(request.user, "assessments.correct_audit", audit)
    if not audit.is_approved:
        message = _("Alleen een goedgekeurde audit wordt gecorrigeerd.")
        return refused(request, message, 409, back=BACK)
    themes = structure(audit.version)
    status = 200
    if request.method == "POST":
        form = CorrectionForm(request.POST, themes=themes)
        if form.is_valid():
            data = form.cleaned_data
            change = {
                "value": None if data["is_not_applicable"] else str(data["value"]),
                "is_not_applicable": data["is_not_applicable"],
            }
            service.correct(
                audit, by=request.user, reason=data["reason"], changes={data["criterion"]: change}
            )
            messages.success(request, _("De correctie is opgeslagen als nieuwe revisie."))
            return redirect(reverse("assessments:report", args=[audit.pk]) + "#geschiedenis")
        status = 400
    else:
        form = CorrectionForm(themes=themes)
    return render(
        request, "assessments/correct.html", {"audit": audit, "form": form}, status=status
    )


@login_required
def frameworks(request):
    """National admins: the framework versions, and a new version from any of them."""
    _require(request.user, "assessments.add_frameworkversion")
    if request.method == "POST":
        version = get_object_or_404(FrameworkVersion, pk=positive_int(request.POST.get("version")))
        copy = new_version(
            version, notes=_("Kopie van versie %(number)s") % {"number": version.number}
        )
        messages.success(
            request,
            _("Versie %(number)s is gemaakt. Pas die aan in het beheer.") % {"number": copy.number},
        )
        return redirect("assessments:frameworks")
    versions = FrameworkVersion.objects.select_related("framework").annotate(
        audit_count=Count("audits")
    )
    return render(request, "assessments/frameworks.html", {"versions": versions})
