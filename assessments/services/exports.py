"""Exports for national roles: audits, answers and actions as CSV or XLSX (through
``ido_platform.core.exports``), streamed in chunks so a national export does not load
everything into memory."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from assessments.models import Answer, Audit, ImprovementAction
from assessments.services import results
from ido_platform.core import exports, formatting


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
        _("revisie"),
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
            "revision_number",
        )
        .order_by("pk")
    )
    return header, rows


class _RevisedAnswers:
    """Answer rows with the latest revision of each approved audit applied: the answers as
    the audit's current result counts them (services.results), plus the revision number."""

    def __init__(self, queryset):
        self.queryset = queryset

    def iterator(self, chunk_size=2000):
        chunk = []
        for row in self.queryset.iterator(chunk_size=chunk_size):
            chunk.append(row)
            if len(chunk) >= chunk_size:
                yield from self._revise(chunk)
                chunk = []
        yield from self._revise(chunk)

    __iter__ = iterator

    @staticmethod
    def _revise(rows):
        revised = results.revised_answers({row[0] for row in rows})
        for row in rows:
            *fields, source = row
            revision, change = revised.get((row[0], row[4]), (0, None))
            if change is not None and source == Answer.Source.AUDITOR:
                value = change.get("value")
                fields[6] = Decimal(value) if value not in (None, "") else None
                fields[7] = bool(change.get("is_not_applicable"))
                fields[8] = change.get("comment", "")
            else:
                revision = 0
            yield (*fields, revision)


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
        _("revisie"),
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
            "source",
        )
        .order_by("audit_id", "criterion__theme__sort_order", "criterion__sort_order", "source")
    )
    return header, _RevisedAnswers(rows)


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
# Columns that hold a score: one decimal, Dutch comma, as on the pages and in the PDF.
SCORE_COLUMNS = {"audits": {9}}


def _cell(value):
    """The shared export's value (``exports.plain``), but a decimal with the Dutch comma, as
    the pages and the PDF write it."""
    if isinstance(value, Decimal):
        return formatting.decimal(value)
    return exports.plain(value)


def _cells(what, row):
    scores = SCORE_COLUMNS.get(what, ())
    return [formatting.score(v, "") if i in scores else _cell(v) for i, v in enumerate(row)]


def respond(what, fmt, filters):
    """The export ``what`` in ``fmt``, streamed from the database in chunks."""
    header, rows = EXPORTS[what](filters)
    return exports.response(
        fmt,
        f"kwaliteit-{what}",
        header,
        (_cells(what, row) for row in rows.iterator(chunk_size=2000)),
        sheet_title=what,
        stream=True,
    )
