"""Views for question registration, corrections, desk links, the monitor and the impact
questionnaire. Thin: they parse input, call ``questions.services`` and render. Bad input is
a Dutch message and a 4xx, never a 500. A registration POST that asks for JSON (the
offline-queue script) gets JSON back."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.db.models.query import EmptyQuerySet
from django.forms.utils import ErrorDict
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ido_platform.core import throttle
from ido_platform.core.exports import FORMATS
from ido_platform.core.links import absolute_reverse
from ido_platform.core.models import LibraryOrganisation, Location, Role
from ido_platform.core.parsing import positive_int
from ido_platform.core.permissions import is_national, organisation_ids
from ido_platform.core.views import refused, wants_json
from questions import forms as question_forms
from questions.models import Correction, DeskLink, Question, Visit
from questions.rules import location_ids_worked_at
from questions.services import (
    accountability,
    desk_links,
    exports,
    impact,
    monitor,
    partner,
    registration,
    trends,
)

PREFIX = "vraag"


BACK = (reverse_lazy("questions:home"), gettext_lazy("Terug naar Vragen"))


def _field_anchor(field):
    """The id the error summary links to: the first option of a group of choices."""
    if field.widget_type in ("radioselect", "checkboxselectmultiple"):
        return f"#{field.auto_id}_0"
    return f"#{field.id_for_label or field.auto_id}"


def _error_items(visit_form, formset, reason_form=None):
    """The (link, message) pairs for the shared error summary of the registration screens."""
    items = [(None, error) for error in visit_form.non_field_errors()]
    items += [(_field_anchor(field), error) for field in visit_form for error in field.errors]
    items += [(None, error) for error in formset.non_form_errors()]
    for number, form in enumerate(formset, start=1):
        prefix = _("Vraag %(number)s:") % {"number": number}
        items += [
            (_field_anchor(field), f"{prefix} {error}") for field in form for error in field.errors
        ]
    if reason_form is not None:
        items += [(_field_anchor(field), error) for field in reason_form for error in field.errors]
    return items


def _without_errors(*forms_and_formsets):
    """While a question is added or removed the answers so far are shown again, without
    complaining about what is not filled in yet."""
    for item in forms_and_formsets:
        if hasattr(item, "management_form"):
            for form in item.forms:
                form._errors = ErrorDict(renderer=form.renderer)
            item._errors = [form.errors for form in item.forms]
            item._non_form_errors = item.error_class(renderer=item.renderer)
        else:
            item._errors = ErrorDict(renderer=item.renderer)


def _worked_at(user):
    """The locations the user works at, as a queryset (for the form's choice); an empty
    one, which asks the database nothing more, when there are none."""
    own = organisation_ids(user, Role.MEDEWERKER, Role.COORDINATOR)
    candidates = Location.objects.filter(organisation_id__in=own).only("pk", "organisation_id")
    ids = location_ids_worked_at(user, candidates)
    if not ids:
        return Location.objects.none()
    return Location.objects.filter(pk__in=ids).order_by("name")


def _rebuilt_post(data, *, add=False, remove=None):
    """The posted formset with one question more, or one less, renumbered (the "add" and
    "remove" buttons work without JavaScript)."""
    total = positive_int(data.get(f"{PREFIX}-TOTAL_FORMS"), registration.MAX_QUESTIONS) or 1
    rows = []
    for index in range(total):
        if index == remove:
            continue
        start = f"{PREFIX}-{index}-"
        rows.append({key[len(start) :]: data.getlist(key) for key in data if key.startswith(start)})
    if add and len(rows) < registration.MAX_QUESTIONS:
        rows.append({})
    if not rows:
        rows.append({})
    result = data.copy()
    for key in list(result):
        if key.startswith(f"{PREFIX}-") and key[len(PREFIX) + 1 :][:1].isdigit():
            del result[key]
    for index, row in enumerate(rows):
        for name, values in row.items():
            result.setlist(f"{PREFIX}-{index}-{name}", values)
    result[f"{PREFIX}-TOTAL_FORMS"] = str(len(rows))
    return result


def _formset_from_visit(visit, organisations):
    initial = question_forms.question_initial(visit)
    formset_class = question_forms.formset_factory(
        question_forms.QuestionForm,
        formset=question_forms.BaseQuestionFormSet,
        extra=0,
        min_num=0,
        max_num=registration.MAX_QUESTIONS,
        absolute_max=registration.MAX_QUESTIONS,
    )
    return formset_class(prefix=PREFIX, initial=initial, organisations=organisations)


def _register(request, *, locations, desk_link=None, template="questions/register.html"):
    """The registration screen for an employee (``locations`` they work at) or a desk link."""
    organisations = question_forms.organisation_choices()
    status = 200
    if request.method == "POST":
        action = request.POST.get("knop", "")
        if action == "vraag-erbij" or action.startswith("vraag-weg-"):
            remove = action.removeprefix("vraag-weg-")
            data = _rebuilt_post(
                request.POST,
                add=action == "vraag-erbij",
                remove=int(remove) if remove.isdigit() else None,
            )
            visit_form = question_forms.VisitForm(data, locations=locations)
            formset = question_forms.QuestionFormSet(
                data, prefix=PREFIX, organisations=organisations
            )
            _without_errors(visit_form, formset)
        else:
            visit_form = question_forms.VisitForm(request.POST, locations=locations)
            formset = question_forms.QuestionFormSet(
                request.POST, prefix=PREFIX, organisations=organisations
            )
            result = _save_registration(request, visit_form, formset, desk_link)
            if result is not None:
                return result
            status = 400
    else:
        visit_form = question_forms.VisitForm(locations=locations)
        formset = question_forms.QuestionFormSet(prefix=PREFIX, organisations=organisations)
        if request.GET.get("zelfde") == "1":
            last = registration.last_visit(user=request.user, desk_link=desk_link)
            if last is not None:
                visit_form = question_forms.VisitForm(
                    locations=locations,
                    initial={"channel": last.channel, "location": last.location_id},
                )
                formset = _formset_from_visit(last, organisations)
            else:
                messages.info(request, _("Er is nog geen vorige registratie om te herhalen."))
    today = timezone.localdate()
    return render(
        request,
        template,
        {
            "visit_form": visit_form,
            "formset": formset,
            "error_items": _error_items(visit_form, formset),
            "desk_link": desk_link,
            "locations": locations,
            "max_questions": registration.MAX_QUESTIONS,
            "min_day": (
                today - datetime.timedelta(days=settings.QUESTIONS_BACKDATE_DAYS)
            ).isoformat(),
            "max_day": today.isoformat(),
            "today_visits": _today_visits(request.user, desk_link) if desk_link is None else (),
        },
        status=status,
    )


def _save_registration(request, visit_form, formset, desk_link):
    """Register when the forms are valid; the response, or None to show the errors."""
    if not (visit_form.is_valid() and formset.is_valid()):
        if wants_json(request):
            errors = [str(e) for e in visit_form.non_field_errors()]
            errors += [
                f"{visit_form[f].label}: {e}"
                for f, es in visit_form.errors.items()
                for e in es
                if f != "__all__"
            ]
            errors += [str(e) for e in formset.non_form_errors()]
            errors += [str(e) for form in formset for es in form.errors.values() for e in es]
            return JsonResponse({"ok": False, "errors": errors}, status=400)
        return None
    providers = formset.providers()
    questions = [form.question_input(providers) for form in formset]
    try:
        visit, created = registration.register_visit(
            location=visit_form.cleaned_data["location"],
            channel=visit_form.cleaned_data["channel"],
            day=visit_form.cleaned_data["day"],
            note=visit_form.cleaned_data["note"],
            client_id=visit_form.cleaned_data["client_id"],
            questions=questions,
            by=request.user if desk_link is None else None,
            desk_link=desk_link,
        )
    except registration.RegistrationError as error:
        if wants_json(request) or error.status != 400:
            return refused(request, error, back=BACK)
        for message in error.messages:
            visit_form.add_error(None, message)
        return None
    count = len(questions) if created else visit.questions.count()
    if wants_json(request):
        return JsonResponse(
            {"ok": True, "created": created, "questions": count}, status=201 if created else 200
        )
    if created:
        messages.success(
            request,
            _("Geregistreerd: %(count)s vraag of vragen. Dank u wel.") % {"count": count},
        )
    else:
        messages.info(request, _("Deze registratie was al binnen. Hij telt één keer."))
    return redirect(request.path)


def _today_visits(user, desk_link):
    today = timezone.localdate()
    return (
        Visit.objects.filter(registered_by=user, deleted_at__isnull=True, registered_at__date=today)
        .select_related("location")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.select_related("topic")))
        .order_by("-registered_at")[:20]
    )


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    """The registration screen for employees: their own location(s) only."""
    locations = _worked_at(request.user)
    if isinstance(locations, EmptyQuerySet):
        raise PermissionDenied
    return _register(request, locations=locations)


def _over_limit(request, name, client, rate_setting):
    """Count this POST for ``client`` (ido_platform.core.throttle) and say whether it is one
    too many; a GET is never counted."""
    if request.method != "POST":
        return False
    rate = throttle.Rate.parse(rate_setting)
    if throttle.retry_after(name, client, rate):
        return True
    throttle.count(name, client, rate)
    return False


@require_http_methods(["GET", "POST"])
def desk_register(request, secret):
    """The registration screen through a desk link: no account, one location."""
    try:
        link = desk_links.find_desk_link(secret)
    except registration.RegistrationError as error:
        return refused(request, error, back=BACK)
    if _over_limit(
        request, "questions-desk", "desk:" + secret[:64], settings.QUESTIONS_DESK_LINK_RATE
    ):
        return refused(
            request,
            _(
                "Er zijn via deze koppeling veel registraties in korte tijd verstuurd. "
                "Probeer het over een paar minuten opnieuw."
            ),
            429,
            back=BACK,
        )
    return _register(
        request, locations=Location.objects.filter(pk=link.location_id), desk_link=link
    )


def _visit_for(request, pk):
    visit = get_object_or_404(Visit.objects.select_related("location"), pk=pk)
    if visit.is_deleted:
        raise Http404(_("Deze registratie is verwijderd."))
    if not request.user.has_perm("questions.correct_visit", visit):
        raise PermissionDenied
    return visit


@login_required
@require_http_methods(["GET", "POST"])
def correct(request, pk):
    """Correct one registration (own today; a coordinator with a reason after that)."""
    visit = _visit_for(request, pk)
    organisations = question_forms.organisation_choices()
    locations = Location.objects.filter(pk=visit.location_id)
    needs_reason = registration.needs_reason(request.user, visit)
    status = 200
    if request.method == "POST":
        action = request.POST.get("knop", "")
        reason_form = question_forms.ReasonForm(request.POST)
        if action == "vraag-erbij" or action.startswith("vraag-weg-"):
            remove = action.removeprefix("vraag-weg-")
            data = _rebuilt_post(
                request.POST,
                add=action == "vraag-erbij",
                remove=int(remove) if remove.isdigit() else None,
            )
            visit_form = question_forms.VisitForm(data, locations=locations)
            formset = question_forms.QuestionFormSet(
                data, prefix=PREFIX, organisations=organisations
            )
            _without_errors(visit_form, formset, reason_form)
        else:
            visit_form = question_forms.VisitForm(request.POST, locations=locations)
            formset = question_forms.QuestionFormSet(
                request.POST, prefix=PREFIX, organisations=organisations
            )
            if visit_form.is_valid() and formset.is_valid() and reason_form.is_valid():
                providers = formset.providers()
                try:
                    registration.correct_visit(
                        visit,
                        by=request.user,
                        channel=visit_form.cleaned_data["channel"],
                        day=visit_form.cleaned_data["day"],
                        note=visit_form.cleaned_data["note"],
                        questions=[form.question_input(providers) for form in formset],
                        reason=reason_form.cleaned_data["reason"],
                    )
                except registration.RegistrationError as error:
                    if error.status != 400:
                        return refused(request, error, back=BACK)
                    for message in error.messages:
                        visit_form.add_error(None, message)
                else:
                    messages.success(request, _("De registratie is gecorrigeerd."))
                    return redirect("questions:registrations")
            status = 400
    else:
        visit_form = question_forms.VisitForm(
            locations=locations,
            initial={
                "channel": visit.channel,
                "day": visit.day,
                "note": visit.note,
                "client_id": visit.client_id,
            },
        )
        formset = _formset_from_visit(visit, organisations)
        reason_form = question_forms.ReasonForm()
    return render(
        request,
        "questions/correct.html",
        {
            "visit": visit,
            "visit_form": visit_form,
            "formset": formset,
            "reason_form": reason_form,
            "error_items": _error_items(visit_form, formset, reason_form),
            "needs_reason": needs_reason,
            "max_questions": registration.MAX_QUESTIONS,
            "max_day": timezone.localdate().isoformat(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, pk):
    visit = _visit_for(request, pk)
    reason_form = question_forms.ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST" and reason_form.is_valid():
        try:
            registration.delete_visit(
                visit, by=request.user, reason=reason_form.cleaned_data["reason"]
            )
        except registration.RegistrationError as error:
            if error.status != 400:
                return refused(request, error, back=BACK)
            reason_form.add_error("reason", error.messages[0])
        else:
            messages.success(request, _("De registratie is verwijderd. Hij telt niet meer mee."))
            return redirect("questions:registrations")
    if request.method == "POST":
        status = 400
    return render(
        request,
        "questions/delete.html",
        {
            "visit": visit,
            "reason_form": reason_form,
            "needs_reason": registration.needs_reason(request.user, visit),
        },
        status=status,
    )


@login_required
def registrations(request):
    """Recent registrations the user may correct: their own of today, and for coordinators
    those of their library's locations in the last 30 days."""
    if not request.user.has_perm("questions.view_monitor"):
        raise PermissionDenied  # a partner's analyst never sees a visit
    today = timezone.localdate()
    coordinated = organisation_ids(request.user, Role.COORDINATOR)
    visits = Visit.objects.filter(deleted_at__isnull=True)
    if is_national(request.user):
        visits = visits.filter(day__gte=today - datetime.timedelta(days=30))
    elif coordinated:
        visits = visits.filter(
            location__organisation_id__in=coordinated, day__gte=today - datetime.timedelta(days=30)
        )
    else:
        visits = visits.filter(registered_by=request.user, registered_at__date=today)
    visits = (
        visits.select_related("location", "registered_by", "desk_link")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.select_related("topic")))
        .order_by("-registered_at")[:100]
    )
    corrections = (
        Correction.objects.filter(visit__location__organisation_id__in=coordinated).select_related(
            "by", "visit__location"
        )[:20]
        if coordinated
        else ()
    )
    return render(
        request,
        "questions/registrations.html",
        {
            "visits": visits,
            "corrections": corrections,
            "can_register": _worked_at(request.user).exists(),
        },
    )


def _link_locations(user):
    locations = Location.objects.select_related("organisation").order_by("name")
    if is_national(user):
        return locations
    return locations.filter(organisation_id__in=organisation_ids(user, Role.COORDINATOR))


@login_required
@require_http_methods(["GET", "POST"])
def desk_link_list(request):
    """Coordinators make and revoke desk links for their library's locations."""
    if not request.user.has_perm("questions.view_desklink"):
        raise PermissionDenied
    locations = _link_locations(request.user)
    form = question_forms.DeskLinkForm(request.POST or None, locations=locations)
    new_link = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                link, secret = desk_links.create_desk_link(
                    form.cleaned_data["location"], by=request.user, label=form.cleaned_data["label"]
                )
            except registration.RegistrationError as error:
                return refused(request, error, back=BACK)
            new_link = absolute_reverse("questions:desk_register", args=[secret])
            status = 201
        else:
            status = 400
    links = DeskLink.objects.filter(location__in=locations).select_related("location", "created_by")
    return render(
        request,
        "questions/desk_links.html",
        {"form": form, "links": links, "new_link": new_link},
        status=status,
    )


@login_required
@require_POST
def desk_link_revoke(request, pk):
    link = get_object_or_404(DeskLink.objects.select_related("location"), pk=pk)
    try:
        desk_links.revoke_desk_link(link, by=request.user)
    except registration.RegistrationError as error:
        return refused(request, error, back=BACK)
    messages.success(request, _("De baliekoppeling is ingetrokken. Hij werkt niet meer."))
    return redirect("questions:desk_links")


def _selection(request):
    form = question_forms.MonitorFilterForm(request.GET or None)
    return form, form.selection(monitor.default_selection())


@login_required
def dashboard(request):
    """The monitor: figures for the chosen place, period and categories."""
    if not request.user.has_perm("questions.view_monitor"):
        raise PermissionDenied
    form, selection = _selection(request)
    if not request.GET:
        own = organisation_ids(request.user, Role.MEDEWERKER, Role.COORDINATOR)
        if len(own) == 1:
            selection.organisation_id = next(iter(own))
    figures = monitor.figures(request.user, selection)
    context = {
        "form": form,
        "figures": figures,
        "chart": monitor.chart(figures),
        "query": request.GET.urlencode(),
        "can_export_questions": bool(organisation_ids(request.user, Role.COORDINATOR)),
        "small_number": settings.QUESTIONS_SMALL_NUMBER,
        "shared_figures_seconds": settings.QUESTIONS_SHARED_FIGURES_SECONDS,
    }
    if not figures.shared and (selection.location_id or selection.organisation_id):
        context["gaps"] = trends.training_gaps(selection.locations(), today=selection.end)[:3]
        context["course_demand"] = trends.course_demand(selection.locations(), today=selection.end)
    context["peaks"] = trends.recent_peaks()
    return render(request, "questions/dashboard.html", context)


@login_required
def dashboard_export(request, fmt):
    """The monitor's tables as CSV or XLSX (small numbers hidden as on the page)."""
    if fmt not in FORMATS or not request.user.has_perm("questions.view_monitor"):
        raise Http404(_("Deze export bestaat niet."))
    _form, selection = _selection(request)
    figures = monitor.figures(request.user, selection)
    return exports.figures_response(figures, fmt)


@login_required
def questions_export(request, fmt):
    """One row per question, in the columns of the national form: coordinators, for their own
    library's locations only."""
    if fmt not in FORMATS:
        raise Http404(_("Deze export bestaat niet."))
    coordinated = organisation_ids(request.user, Role.COORDINATOR)
    if not coordinated:
        raise PermissionDenied
    _form, selection = _selection(request)
    locations = selection.locations().filter(organisation_id__in=coordinated)
    return exports.questions_response(locations, selection, fmt)


@login_required
def accountability_pdf(request):
    """A library's accountability summary for one year, as a PDF: its coordinators, and the
    national role (which chooses the library)."""
    today = timezone.localdate()
    year = positive_int(request.GET.get("jaar") or today.year, maximum=today.year)
    if year is None or year < accountability.FIRST_YEAR:
        message = _("Kies een jaar van %(first)s tot en met %(last)s.") % {
            "first": accountability.FIRST_YEAR,
            "last": today.year,
        }
        return refused(request, message, 400, back=BACK)
    coordinated = organisation_ids(request.user, Role.COORDINATOR)
    organisation_id = positive_int(request.GET.get("organisatie"))
    if organisation_id is None and len(coordinated) == 1:
        organisation_id = next(iter(coordinated))
    organisation = LibraryOrganisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return refused(request, _("Kies een bibliotheek."), 400, back=BACK)
    if not request.user.has_perm("questions.export_questions", organisation):
        raise PermissionDenied
    context = accountability.summary(request.user, organisation, year)
    response = HttpResponse(accountability.summary_pdf(context), content_type="application/pdf")
    filename = f"verantwoording-vragen-{organisation.slug}-{year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def impact_form(request, slug):
    """The visitor's anonymous questionnaire (desk tablet or QR code on a card)."""
    location = get_object_or_404(Location, slug=slug)
    client = throttle.client_address(request)
    if _over_limit(request, "questions-impact", client, settings.QUESTIONS_IMPACT_RATE):
        return render(request, "questions/impact_limited.html", status=429)
    form = question_forms.ImpactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            impact.record(location, **form.cleaned_data)
            return redirect("questions:impact_thanks", slug=location.slug)
        status = 400
    return render(
        request, "questions/impact.html", {"form": form, "location": location}, status=status
    )


def impact_thanks(request, slug):
    location = get_object_or_404(Location, slug=slug)
    return render(request, "questions/impact_thanks.html", {"location": location})


@login_required
def partner_figures(request):
    """A service provider's analyst: the aggregated figures about their own organisation,
    nationally and per province, small numbers hidden. Never a visit."""
    providers = partner.providers_for(request.user)
    if not providers.exists():
        raise PermissionDenied
    form = question_forms.PartnerFilterForm(request.GET or None, providers=providers)
    context = {"form": form, "small_number": settings.QUESTIONS_SMALL_NUMBER}
    if request.GET and not form.is_valid():
        return render(request, "questions/partner.html", context, status=400)
    if not request.GET:
        form = question_forms.PartnerFilterForm({}, providers=providers)
        form.is_valid()
        context["form"] = form
    provider = form.provider()
    if not request.user.has_perm("questions.view_partner_figures", provider):
        raise PermissionDenied
    context["figures"] = partner.figures(provider, form.selection(monitor.default_selection()))
    return render(request, "questions/partner.html", context)


@login_required
def home(request):
    """Start page of the app: where to go."""
    if not request.user.has_perm("questions.view_monitor"):
        if request.user.has_perm("questions.view_partner_figures"):
            return redirect("questions:partner")
        raise PermissionDenied
    return render(
        request,
        "questions/home.html",
        {
            "can_register": _worked_at(request.user).exists(),
            "can_links": request.user.has_perm("questions.view_desklink"),
        },
    )
