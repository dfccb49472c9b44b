"""Exports for national roles: audits, answers and actions as CSV or XLSX (through
``ido_platform.core.exports``), streamed in chunks so a national export does not load
everything into memory."""

from django.utils.translation import gettext_lazy as _

from assessments.models import Answer, Audit, ImprovementAction
from ido_platform.core import exports


def _audits(filters):
    header = [
        _("audit"),
        _("locatie"),
        _("organisatie"),
        _("provincie"),
        _("werkwijze"),
        _("ronde"),
        _("datum"),
        _("kader"),
        _("status"),
        _("score"),
        _("uitkomst"),
    ]
    rows = (
        Audit.objects.filter(filters.location_q("location__"))
        .values_list(
            "pk",
            "location__name",
            "location__organisation__name",
            "location__province",
            "location__delivery_model",
            "round",
            "planned_for",
            "version__framework__name",
            "status",
            "score",
            "outcome",
        )
        .order_by("pk")
    )
    return header, rows


def _answers(filters):
    header = [
        _("audit"),
        _("locatie"),
        _("thema"),
        _("criterium"),
        _("sleutel"),
        _("bron"),
        _("antwoord"),
        _("niet van toepassing"),
        _("opmerking"),
    ]
    rows = (
        Answer.objects.filter(filters.location_q("audit__location__"))
        .values_list(
            "audit_id",
            "audit__location__name",
            "criterion__theme__key",
            "criterion__title",
            "criterion__key",
            "source",
            "value",
            "is_not_applicable",
            "comment",
        )
        .order_by("audit_id", "criterion__theme__sort_order", "criterion__sort_order", "source")
    )
    return header, rows


def _actions(filters):
    header = [
        _("audit"),
        _("locatie"),
        _("actie"),
        _("eigenaar"),
        _("klaar op"),
        _("status"),
        _("bewijs van de verbetering"),
    ]
    rows = (
        ImprovementAction.objects.filter(filters.location_q("audit__location__"))
        .values_list(
            "audit_id",
            "audit__location__name",
            "description",
            "owner__username",
            "due_date",
            "status",
            "fix_evidence",
        )
        .order_by("audit_id", "pk")
    )
    return header, rows


EXPORTS = {"audits": _audits, "antwoorden": _answers, "acties": _actions}


def respond(what, fmt, filters):
    """The export ``what`` in ``fmt``, streamed from the database in chunks."""
    header, rows = EXPORTS[what](filters)
    return exports.response(
        fmt,
        f"kwaliteit-{what}",
        header,
        rows.iterator(chunk_size=2000),
        sheet_title=what,
        stream=True,
    )
