"""Exports for national roles: audits, answers and actions as CSV or XLSX, streamed in
chunks so a national export does not load everything into memory."""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _

from assessments.models import Answer, Audit, ImprovementAction
from ido_platform.core import formatting


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
# Columns that hold a score: one decimal, Dutch comma, as on the pages and in the PDF.
SCORE_COLUMNS = {"audits": {9}}


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("ja") if value else _("nee"))
    if isinstance(value, Decimal):
        return formatting.decimal(value)
    return value if isinstance(value, int | float | str) else str(value)


def _cells(what, row):
    scores = SCORE_COLUMNS.get(what, ())
    return [formatting.score(v, "") if i in scores else _plain(v) for i, v in enumerate(row)]


def respond(what, fmt, filters):
    header, rows = EXPORTS[what](filters)
    header = [str(h) for h in header]
    if fmt == "csv":

        def lines():
            buffer = io.StringIO()
            writer = csv.writer(buffer, delimiter=";")
            writer.writerow(header)
            for row in rows.iterator(chunk_size=2000):
                writer.writerow(_cells(what, row))
                if buffer.tell() > 65536:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
            yield buffer.getvalue()

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(what)
        sheet.append(header)
        for row in rows.iterator(chunk_size=2000):
            sheet.append(_cells(what, row))
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="kwaliteit-{what}.{fmt}"'
    return response
