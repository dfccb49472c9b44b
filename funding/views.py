"""Thin views of the funding pages: they check the rules, parse the posted values and call
the services. A refused step is a Dutch 4xx page, never a 500."""

from decimal import Decimal, InvalidOperation

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from funding.forms import ApplicationForm
from funding.models import Application, Municipality, SubsidyRound
from funding.services import applications as service
from funding.services import exports, formula, letters, overview, report, timeline
from ido_platform.core.models import LibraryOrganisation, Location, Role
from ido_platform.core.parsing import positive_int
from ido_platform.core.permissions import is_national, organisation_ids, scope
from ido_platform.core.views import refused


def _require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


BACK = (reverse_lazy("funding:index"), gettext_lazy("Terug naar Subsidie"))


def _application(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("round", "organisation"), pk=pk
    )
    _require(request.user, "funding.view_application", application)
    return application


@login_required
def index(request):
    """Rounds and, for a library, its own applications with their steps and deadlines."""
    user = request.user
    if not (is_national(user) or user.has_perm("funding.apply")):
        raise PermissionDenied
    today = timezone.localdate()
    own = scope(user, Application.objects.select_related("round", "organisation"), "view")
    own = own.order_by("-round__year_start", "organisation__name")[:200]
    rounds = SubsidyRound.objects.all()[:50]
    applied = {(a.round_id, a.organisation_id) for a in own}
    organisations = list(
        LibraryOrganisation.objects.filter(pk__in=organisation_ids(user, Role.COORDINATOR))
    )
    open_rounds = [
        (r, [o for o in organisations if (r.pk, o.pk) not in applied])
        for r in rounds
        if r.opens_on <= today <= r.closes_on
    ]
    return render(
        request,
        "funding/index.html",
        {
            "rounds": rounds,
            "open_rounds": open_rounds,
            "applications": own,
            "is_funder": is_national(user),
            "today": today,
        },
    )


@login_required
def round_overview(request, pk):
    subsidy_round = get_object_or_404(SubsidyRound, pk=pk)
    _require(request.user, "funding.view_overview")
    return render(
        request,
        "funding/round.html",
        {
            "round": subsidy_round,
            "formula": formula.explain(subsidy_round),
            **overview.overview(subsidy_round),
        },
    )


@login_required
def export(request, pk, fmt):
    subsidy_round = get_object_or_404(SubsidyRound, pk=pk)
    _require(request.user, "funding.export_applications")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    return exports.response(subsidy_round, fmt)


@login_required
@require_POST
def start(request, pk):
    subsidy_round = get_object_or_404(SubsidyRound, pk=pk)
    organisation_id = positive_int(request.POST.get("organisation"))
    organisation = LibraryOrganisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not request.user.has_perm("funding.apply", organisation):
        raise PermissionDenied
    try:
        application = service.start(
            subsidy_round=subsidy_round, organisation=organisation, by=request.user
        )
    except service.FundingError as error:
        return refused(request, error, 409, back=BACK)
    return redirect("funding:application", pk=application.pk)


@login_required
def application_detail(request, pk):
    return _application_page(request, _application(request, pk))


def _application_form(application, lines, municipalities, chosen, post, errors):
    """The form as saved, or as posted with ``errors`` ([(field name or None, message)]) on
    their fields."""
    locations = [line.location for line in lines]
    if post is None:
        initial = {
            "municipality": [str(pk) for pk in chosen],
            "current_staff": application.current_trained_staff,
            "planned_staff": application.planned_trained_staff,
            "plan": application.plan,
        }
        for line in lines:
            initial[f"current-{line.location_id}"] = line.current_hours
            initial[f"planned-{line.location_id}"] = line.planned_hours
        return ApplicationForm(initial=initial, municipalities=municipalities, locations=locations)
    form = ApplicationForm(post, municipalities=municipalities, locations=locations)
    form.is_valid()  # cleans the form, so the errors below join its own
    for field, message in errors or []:
        form.add_error(field if field in form.fields else None, message)
    return form


def _application_page(request, application, *, post=None, errors=None, status=200):
    """The application page; after a refused save, the form as sent with the error summary
    (``errors``: [(field id or None, message)]) on top, each error linked to its field."""
    user = request.user
    population, amount = service.preview(application)
    lines = list(application.locations.select_related("location"))
    chosen = set(application.municipalities.values_list("pk", flat=True))
    served = set(application.organisation.work_area.values_list("municipality_id", flat=True))
    municipalities = list(Municipality.objects.filter(pk__in=chosen | served))
    form = _application_form(application, lines, municipalities, chosen, post, errors)
    figures = None
    if application.status == Application.Status.GRANTED and user.has_perm(
        "funding.account_application", application
    ):
        figures = report.figures(application)
    elif hasattr(application, "accountability"):
        figures = report.from_json(application.accountability.figures)
    context = {
        "application": application,
        "round": application.round,
        "formula": formula.explain(application.round),
        "population": population,
        "preview_amount": amount,
        "lines": lines,
        "form": form,
        "municipalities": municipalities,
        "timeline": timeline.timeline(application),
        "figures": figures,
        "accountability": getattr(application, "accountability", None),
        "can_edit": user.has_perm("funding.edit_application", application),
        "can_account": user.has_perm("funding.account_application", application)
        and application.status == Application.Status.GRANTED,
        "is_funder": is_national(user),
        "today": timezone.localdate(),
    }
    return render(request, "funding/application.html", context, status=status)


def _error_field(error):
    """The form field a service's refusal is about (by its code and params), or None."""
    params = error.params or {}
    if error.code == "hours":
        return f"{params['which']}-{params['location_id']}"
    if error.code in ("location",):
        return f"current-{params['location_id']}"
    if error.code == "municipalities":
        return "municipality"
    return None


def _decimal(value, default=Decimal(0)):
    value = (value or "").strip().replace(",", ".")
    if not value:
        return default
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _count(value):
    value = (value or "").strip()
    if not value:
        return 0
    if not value.isascii() or not value.isdigit() or len(value) > 4:
        return None
    return int(value)


@login_required
@require_POST
def save(request, pk):
    application = _application(request, pk)
    _require(request.user, "funding.edit_application", application)
    post = request.POST
    hours, errors = {}, []
    lines = {
        line.location_id: line.location for line in application.locations.select_related("location")
    }
    extra = Location.objects.filter(organisation=application.organisation).exclude(pk__in=lines)
    lines.update({location.pk: location for location in extra})
    for location_id, location in lines.items():
        current = _decimal(post.get(f"current-{location_id}"))
        planned = _decimal(post.get(f"planned-{location_id}"))
        for which, value in (("current", current), ("planned", planned)):
            if value is None:
                errors.append(
                    (
                        f"{which}-{location_id}",
                        _("%(location)s: vul de uren in als getal.") % {"location": location.name},
                    )
                )
        if current is not None and planned is not None:
            hours[location] = (current, planned)
    ids = {positive_int(v) for v in post.getlist("municipality")} - {None}
    municipalities = list(Municipality.objects.filter(pk__in=ids))
    staff = {}
    for field_id in ("current_staff", "planned_staff"):
        staff[field_id] = _count(post.get(field_id))
        if staff[field_id] is None:
            errors.append((field_id, _("Vul het aantal in als heel getal.")))
    plan = post.get("plan", "")
    if len(plan) > 5000:
        errors.append(("plan", _("Het plan is te lang (hoogstens 5000 tekens).")))
    if errors:
        return _application_page(request, application, post=post, errors=errors, status=400)
    try:
        service.save_draft(
            application,
            by=request.user,
            municipalities=municipalities,
            hours=hours,
            plan=plan,
            current_trained_staff=staff["current_staff"],
            planned_trained_staff=staff["planned_staff"],
        )
        if post.get("then") == "submit" and application.status == Application.Status.DRAFT:
            service.submit(application, by=request.user)
    except service.FundingError as error:
        errors = [(_error_field(item), " ".join(item.messages)) for item in error.error_list]
        application = _application(request, pk)
        return _application_page(request, application, post=post, errors=errors, status=400)
    return redirect("funding:application", pk=application.pk)


def _step(perm, call):
    @login_required
    @require_POST
    def view(request, pk):
        application = _application(request, pk)
        _require(request.user, perm, application)
        try:
            call(application, request.user, request.POST)
        except service.FundingError as error:
            back = (
                reverse("funding:application", args=[application.pk]),
                _("Terug naar de aanvraag"),
            )
            return refused(request, error, back=back)
        return redirect("funding:application", pk=application.pk)

    return view


def _amount(post, name):
    value = (post.get(name) or "").strip().replace(".", "")
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        raise service.FundingError(_("Vul een bedrag in hele euro's in, zonder punt of komma."))
    return Decimal(value)


submit = _step("funding.edit_application", lambda a, u, p: service.submit(a, by=u))
answer = _step(
    "funding.edit_application", lambda a, u, p: service.answer(a, by=u, text=p.get("text", ""))
)
ask = _step(
    "funding.assess_application",
    lambda a, u, p: service.request_information(a, by=u, question=p.get("question", "")),
)
assess = _step(
    "funding.assess_application",
    lambda a, u, p: service.assess(a, by=u, advice=p.get("advice", ""), reason=p.get("reason", "")),
)
decide = _step(
    "funding.decide_application",
    lambda a, u, p: service.decide(
        a, by=u, grant=p.get("decision") == "grant", reason=p.get("reason", "")
    ),
)
correct = _step(
    "funding.correct_application",
    lambda a, u, p: service.correct_grant(
        a, by=u, amount=_amount(p, "amount"), reason=p.get("reason", "")
    ),
)
account = _step(
    "funding.account_application",
    lambda a, u, p: service.submit_accountability(
        a,
        by=u,
        explanation=p.get("explanation", "")[:5000],
        spent_amount=_amount(p, "spent") if p.get("spent") else None,
    ),
)
settle = _step(
    "funding.settle_application",
    lambda a, u, p: service.settle(
        a, by=u, amount=_amount(p, "amount"), reason=p.get("reason", "")
    ),
)


@login_required
def letter(request, pk, kind):
    application = _application(request, pk)
    if kind == "verleningsbeschikking" and application.granted_amount is not None:
        content, name = letters.grant_letter(application), "verleningsbeschikking"
    elif kind == "vaststelling" and application.settled_amount is not None:
        content, name = letters.settlement_letter(application), "vaststelling"
    else:
        raise Http404
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}-{application.pk}.pdf"'
    return response
