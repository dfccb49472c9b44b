"""Quality audits in the Wagtail admin: frameworks, versions, themes and criteria (national
admins; a used version is read-only, edits make a new version), audits and improvement
actions, each with search, filters and spreadsheet export."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from assessments.admin_forms import AuditAdminForm, ImprovementActionAdminForm
from assessments.models import (
    Answer,
    Audit,
    AuditEvent,
    AuditRevision,
    DerivedCriterion,
    EvidencePhoto,
    Finding,
    Framework,
    FrameworkVersion,
    ImprovementAction,
    NumberCriterion,
    ScaleCriterion,
    TestCaseCriterion,
    Theme,
    ThemeScore,
    YesNoCriterion,
)
from assessments.services import audits as audit_service
from ido_platform.core.admin_actions import ServiceDeleteAction, refusing
from ido_platform.core.admin_views import RecordViewSet, ScopedEditView, ScopedModelViewSet
from ido_platform.core.permissions import RulesPermissionPolicy

for _model in (
    Framework,
    FrameworkVersion,
    Theme,
    YesNoCriterion,
    ScaleCriterion,
    NumberCriterion,
    TestCaseCriterion,
    DerivedCriterion,
    Audit,
    ImprovementAction,
):
    register_permission_policy(_model, RulesPermissionPolicy(_model), exact_class=True)


class AuditDeleteAction(ServiceDeleteAction):
    """Only a planned audit without answers is deleted (``audits.delete_audit``)."""

    def end(self, instance, user):
        audit_service.delete_audit(instance, by=user)
        return _("De geplande audit is verwijderd.")


ImprovementActionDeleteAction = refusing(
    _(
        "Een verbeteractie hoort bij het auditrapport en wordt niet verwijderd. Zet haar op "
        "'afgerond' met het bewijs van de verbetering."
    )
)


@hooks.register("register_actions")
def register_assessment_actions(registry):
    registry.register(Audit, AuditDeleteAction)
    registry.register(ImprovementAction, ImprovementActionDeleteAction)


class ImprovementActionEditView(ScopedEditView):
    """Status and evidence go through ``audits.update_action`` (done needs evidence, the
    completion date follows the status)."""

    def save_instance(self):
        action = super().save_instance()
        return audit_service.update_action(
            action, status=action.status, fix_evidence=action.fix_evidence
        )


class FrameworkViewSet(ScopedModelViewSet):
    name = "kwaliteit-kaders"
    model = Framework
    icon = "doc-full"
    menu_label = _("Toetsingskaders")
    list_display = ["name", "is_example"]
    list_filter = ["is_example"]
    search_fields = ["name", "description"]
    list_export = ["name", "slug", "is_example", "description"]
    export_filename = "toetsingskaders"


class FrameworkVersionViewSet(ScopedModelViewSet):
    name = "kwaliteit-versies"
    model = FrameworkVersion
    icon = "history"
    menu_label = _("Kaderversies")
    list_display = ["__str__", "pass_threshold", "partial_threshold", "created_at"]
    list_filter = ["framework"]
    search_fields = ["framework__name", "notes"]
    list_export = ["framework", "number", "pass_threshold", "partial_threshold", "notes"]
    export_filename = "kaderversies"


class ThemeViewSet(ScopedModelViewSet):
    name = "kwaliteit-themas"
    model = Theme
    icon = "folder-open-inverse"
    menu_label = _("Thema's")
    list_display = ["title", "key", "version", "weight"]
    list_filter = ["version"]
    search_fields = ["title", "key"]
    list_export = ["version", "key", "title", "weight", "sort_order"]
    export_filename = "themas"


def _criterion_viewset(criterion_model, label, extra_export=()):
    return type(
        f"{criterion_model.__name__}ViewSet",
        (ScopedModelViewSet,),
        {
            "model": criterion_model,
            "icon": "list-ul",
            "menu_label": label,
            "name": f"kwaliteit-{criterion_model._meta.model_name}",
            "list_display": ["title", "key", "theme", "weight", "is_knockout"],
            "list_filter": ["theme__version", "is_knockout", "allows_not_applicable"],
            "search_fields": ["title", "key", "guidance"],
            "list_export": [
                "theme",
                "key",
                "title",
                "weight",
                "is_knockout",
                "allows_not_applicable",
                *extra_export,
            ],
            "export_filename": f"criteria-{criterion_model._meta.model_name}",
        },
    )


class AuditViewSet(ScopedModelViewSet):
    name = "kwaliteit-audits"
    model = Audit
    icon = "tasks"
    menu_label = _("Audits")
    list_display = [
        "location",
        "planned_for",
        "round",
        "status",
        "score",
        "outcome",
        "revision_number",
    ]
    list_filter = ["status", "outcome", "location__province", "location__delivery_model"]
    search_fields = ["location__name", "location__organisation__name"]
    list_export = [
        "location",
        "location.organisation",
        "location.province",
        "version",
        "planned_for",
        "round",
        "status",
        "score",
        "outcome",
        "revision_number",
        "approved_at",
    ]
    export_filename = "audits"
    edit_handler = ObjectList(Audit.panels, base_form_class=AuditAdminForm)


class ImprovementActionViewSet(ScopedModelViewSet):
    name = "kwaliteit-acties"
    model = ImprovementAction
    icon = "check"
    menu_label = _("Verbeteracties")
    list_display = ["description", "audit", "owner", "due_date", "status", "reminder_delivery"]
    list_filter = ["status", "due_date", "reminder_undeliverable_on"]
    search_fields = ["description", "audit__location__name"]
    list_export = ["audit", "description", "owner", "due_date", "status", "fix_evidence"]
    export_filename = "verbeteracties"
    edit_view_class = ImprovementActionEditView
    #: owned by the services; the edit view routes a change through update_action
    service_routed_fields = ("status", "fix_evidence")
    edit_handler = ObjectList(ImprovementAction.panels, base_form_class=ImprovementActionAdminForm)


def _record(model, label, slug, display, filters, search, export, **extra):
    viewset = type(
        f"{model.__name__}Records",
        (RecordViewSet,),
        {
            "model": model,
            "name": f"kwaliteit-{slug}",
            "menu_label": label,
            "list_display": display,
            "list_filter": filters,
            "search_fields": search,
            "list_export": export,
            "export_filename": slug,
            **extra,
        },
    )
    viewset.register_policy()
    return viewset


RECORD_VIEWSETS = (
    _record(
        Answer,
        _("Antwoorden"),
        "antwoorden",
        ["audit", "criterion", "source", "value", "is_not_applicable", "updated_at"],
        ["source", "is_not_applicable", "audit__status"],
        ["audit__location__name", "criterion__key", "criterion__title", "comment"],
        ["audit", "criterion.key", "criterion", "source", "value", "is_not_applicable", "comment"],
    ),
    _record(
        EvidencePhoto,
        _("Bewijsfoto's"),
        "bewijsfotos",
        ["audit", "criterion", "caption", "uploaded_by", "uploaded_at"],
        ["audit__status"],
        ["audit__location__name", "caption"],
        ["audit", "criterion", "caption", "width", "height", "uploaded_by", "uploaded_at"],
        # Evidence is served only through the audit's own view, never linked from here.
        inspect_view_fields_exclude=["image"],
    ),
    _record(
        Finding,
        _("Bevindingen"),
        "bevindingen",
        ["audit", "kind", "theme_key", "text", "created_at"],
        ["kind", "audit__status"],
        ["audit__location__name", "text", "theme_key"],
        ["audit", "kind", "theme_key", "text", "created_at"],
    ),
    _record(
        ThemeScore,
        _("Themascores"),
        "themascores",
        ["audit", "theme_key", "theme_title", "score"],
        ["theme_key"],
        ["audit__location__name", "theme_title"],
        ["audit", "audit.location.province", "theme_key", "theme_title", "score"],
    ),
    _record(
        AuditEvent,
        _("Gebeurtenissen bij audits"),
        "auditgebeurtenissen",
        ["audit", "kind", "by", "at", "reason"],
        ["kind"],
        ["audit__location__name", "reason"],
        ["audit", "kind", "by", "at", "reason"],
    ),
    _record(
        AuditRevision,
        _("Revisies"),
        "revisies",
        ["audit", "number", "author", "created_at", "score_before", "score", "outcome"],
        ["outcome"],
        ["audit__location__name", "reason"],
        ["audit", "number", "author", "created_at", "reason", "score_before", "score", "outcome"],
    ),
)


class AssessmentsViewSetGroup(ViewSetGroup):
    menu_label = _("Kwaliteitstoetsing")
    menu_icon = "tasks"
    menu_order = 300
    items = (
        FrameworkViewSet,
        FrameworkVersionViewSet,
        ThemeViewSet,
        _criterion_viewset(YesNoCriterion, _("Criteria: ja/nee")),
        _criterion_viewset(ScaleCriterion, _("Criteria: schaal"), ["level_descriptions"]),
        _criterion_viewset(
            NumberCriterion, _("Criteria: getal"), ["unit", "partial_at", "full_at"]
        ),
        _criterion_viewset(TestCaseCriterion, _("Testcasussen"), ["visitor_question"]),
        _criterion_viewset(DerivedCriterion, _("Criteria: afgeleid"), ["metric_key", "threshold"]),
        AuditViewSet,
        ImprovementActionViewSet,
        *RECORD_VIEWSETS,
    )


@hooks.register("register_admin_viewset")
def register_assessments_viewsets():
    return AssessmentsViewSetGroup()
