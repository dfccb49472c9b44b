"""Funding in the Wagtail admin (menu "Subsidie"): rounds (a used round is read-only, a copy
makes next year), municipalities, population figures with a CSV upload, work areas, and the
applications read-only (every step goes through the services)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from funding.models import (
    Application,
    Municipality,
    PopulationFigure,
    SubsidyRound,
    WorkAreaMunicipality,
)
from funding.services.population import PopulationImportError, import_population
from funding.services.rounds import new_version
from ido_platform.core.admin_views import ScopedModelViewSet
from ido_platform.core.permissions import RulesPermissionPolicy

for _model in (SubsidyRound, Municipality, PopulationFigure, WorkAreaMunicipality, Application):
    register_permission_policy(_model, RulesPermissionPolicy(_model), exact_class=True)


class SubsidyRoundViewSet(ScopedModelViewSet):
    name = "subsidie-regelingen"
    model = SubsidyRound
    icon = "doc-full"
    menu_label = gettext_lazy("Regelingen")
    list_display = ["name", "year_start", "ceiling", "closes_on", "is_demo"]
    list_filter = ["is_demo", "year_start"]
    search_fields = ["name", "purpose"]
    list_export = ["name", "year_start", "year_end", "ceiling", "rate_per_inhabitant", "closes_on"]
    export_filename = "regelingen"


class MunicipalityViewSet(ScopedModelViewSet):
    name = "subsidie-gemeenten"
    model = Municipality
    icon = "site"
    menu_label = gettext_lazy("Gemeenten")
    list_display = ["name", "code", "province"]
    search_fields = ["name", "code"]
    list_export = ["code", "name", "province"]
    export_filename = "gemeenten"


class PopulationFigureViewSet(ScopedModelViewSet):
    name = "subsidie-inwoners"
    model = PopulationFigure
    icon = "group"
    menu_label = gettext_lazy("Inwonertallen")
    list_display = ["municipality", "year", "inhabitants", "target_inhabitants", "is_demo"]
    list_filter = ["year", "is_demo"]
    search_fields = ["municipality__name", "municipality__code"]
    list_export = [
        "municipality.code",
        "municipality.name",
        "year",
        "inhabitants",
        "target_inhabitants",
        "is_demo",
    ]
    export_filename = "inwonertallen"


class WorkAreaViewSet(ScopedModelViewSet):
    name = "subsidie-werkgebieden"
    model = WorkAreaMunicipality
    icon = "site"
    menu_label = gettext_lazy("Werkgebieden")
    list_display = ["organisation", "municipality"]
    search_fields = ["organisation__name", "municipality__name"]
    list_export = ["organisation.name", "municipality.code", "municipality.name"]
    export_filename = "werkgebieden"


class ApplicationViewSet(ScopedModelViewSet):
    name = "subsidie-aanvragen"
    model = Application
    icon = "form"
    menu_label = gettext_lazy("Aanvragen")
    form_fields = ["plan"]  # never saved here: adding and changing are denied by the rules
    list_display = ["organisation", "round", "status", "formula_amount", "granted_amount"]
    list_filter = ["round", "status"]
    search_fields = ["organisation__name"]
    list_export = [
        "organisation.name",
        "round.name",
        "status",
        "formula_amount",
        "granted_amount",
        "settled_amount",
    ]
    export_filename = "aanvragen"


class FundingViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Subsidie")
    menu_icon = "doc-full"
    menu_order = 310
    items = (
        SubsidyRoundViewSet,
        MunicipalityViewSet,
        PopulationFigureViewSet,
        WorkAreaViewSet,
        ApplicationViewSet,
    )


@hooks.register("register_admin_viewset")
def register_funding_viewsets():
    return FundingViewSetGroup()


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV-bestand (indeling CBS-gemeentetabel)"))
    source = forms.CharField(label=gettext_lazy("Bron"), max_length=200, required=False)


MAX_UPLOAD = 5 * 1024 * 1024


def population_upload(request):
    """Upload a CBS-style CSV; every problem with its line, and nothing imported unless the
    whole file is right."""
    if not request.user.has_perm("funding.add_populationfigure"):
        raise PermissionDenied
    errors, result, status = [], None, 200
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif form.cleaned_data["file"].size > MAX_UPLOAD:
            errors, status = [_("Het bestand is groter dan 5 MB.")], 400
        else:
            upload = form.cleaned_data["file"]
            try:
                result = import_population(
                    upload.read(), source=form.cleaned_data["source"] or upload.name[:200]
                )
            except PopulationImportError as error:
                errors, status = error.errors, 400
    return render(
        request,
        "funding/admin/population_upload.html",
        {
            "form": form,
            "errors": errors,
            "result": result,
            "header_title": _("Inwonertallen inlezen"),
        },
        status=status,
    )


def round_copy(request, pk):
    """Copy a round into next year's round (POST only)."""
    if request.method != "POST" or not request.user.has_perm("funding.add_subsidyround"):
        raise PermissionDenied
    original = SubsidyRound.objects.filter(pk=pk).first()
    if original is None:
        raise PermissionDenied
    copy = new_version(original)
    return redirect(reverse("subsidie-regelingen:edit", args=[copy.pk]))


@hooks.register("register_admin_urls")
def register_funding_admin_urls():
    return [
        path("subsidie/inwoners/inlezen/", population_upload, name="funding_population_upload"),
        path("subsidie/regelingen/<int:pk>/kopie/", round_copy, name="funding_round_copy"),
    ]


@hooks.register("register_admin_menu_item")
def register_population_upload_menu_item():
    return MenuItem(
        gettext_lazy("Inwonertallen inlezen"),
        reverse("funding_population_upload"),
        icon_name="upload",
        order=311,
    )
