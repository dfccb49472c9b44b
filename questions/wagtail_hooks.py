"""Question registration in the Wagtail admin (menu "Vraagregistratie"): read-only lists of
visits, questions, corrections, desk links and impact answers, each with filters and
spreadsheet export. Changes go through the site's screens and services, so the admin
shows but never edits (the rules deny add/change/delete)."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from ido_platform.core.admin_views import ScopedModelViewSet
from ido_platform.core.permissions import RulesPermissionPolicy
from questions.models import Correction, DeskLink, ImpactResponse, Visit

for _model in (Visit, Correction, DeskLink, ImpactResponse):
    register_permission_policy(_model, RulesPermissionPolicy(_model), exact_class=True)


class VisitViewSet(ScopedModelViewSet):
    name = "vragen-bezoeken"
    model = Visit
    icon = "user"
    menu_label = _("Bezoeken")
    list_display = ["day", "location", "channel", "registered_by", "deleted_at"]
    list_filter = ["channel", "day", "location__province"]
    search_fields = ["location__name", "location__organisation__name"]
    list_export = [
        "day",
        "hour",
        "location.name",
        "location.organisation.name",
        "location.municipality",
        "channel",
        "registered_at",
        "deleted_at",
    ]
    export_filename = "bezoeken"
    form_fields = ["channel", "day", "note"]


class CorrectionViewSet(ScopedModelViewSet):
    name = "vragen-correcties"
    model = Correction
    icon = "history"
    menu_label = _("Correcties")
    list_display = ["at", "kind", "visit", "by", "reason"]
    list_filter = ["kind", "at"]
    search_fields = ["reason", "visit__location__name"]
    list_export = ["at", "kind", "visit.location.name", "visit.day", "by.username", "reason"]
    export_filename = "correcties"
    form_fields = ["reason"]


class DeskLinkViewSet(ScopedModelViewSet):
    name = "vragen-baliekoppelingen"
    model = DeskLink
    icon = "link"
    menu_label = _("Baliekoppelingen")
    list_display = ["location", "label", "created_at", "created_by", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["label", "location__name"]
    list_export = ["location.name", "label", "created_at", "created_by.username", "revoked_at"]
    export_filename = "baliekoppelingen"
    form_fields = ["label"]


class ImpactResponseViewSet(ScopedModelViewSet):
    name = "vragen-impact"
    model = ImpactResponse
    icon = "pick"
    menu_label = _("Impactantwoorden")
    list_display = ["location", "week", "answered", "knows_next_step", "would_return", "rating"]
    list_filter = ["week", "answered", "rating"]
    search_fields = ["location__name"]
    list_export = [
        "location.name",
        "week",
        "answered",
        "knows_next_step",
        "would_return",
        "rating",
    ]
    export_filename = "impactantwoorden"
    form_fields = ["rating"]


class QuestionsViewSetGroup(ViewSetGroup):
    menu_label = _("Vraagregistratie")
    menu_icon = "help"
    menu_order = 350
    items = (VisitViewSet, CorrectionViewSet, DeskLinkViewSet, ImpactResponseViewSet)


@hooks.register("register_admin_viewset")
def register_questions_viewsets():
    return QuestionsViewSetGroup()
