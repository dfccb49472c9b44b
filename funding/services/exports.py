"""A round's applications as CSV or XLSX for the funder."""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from funding.models import Application


def rows(subsidy_round):
    header = [
        _("organisatie"),
        _("provincie"),
        _("status"),
        _("inwoners"),
        _("formule"),
        _("verleend"),
        _("voorschot"),
        _("vastgesteld"),
        _("terugvordering"),
    ]
    data = (
        Application.objects.filter(round=subsidy_round)
        .order_by("organisation__name")
        .values_list(
            "organisation__name",
            "organisation__province",
            "status",
            "inhabitants",
            "formula_amount",
            "granted_amount",
            "advance_amount",
            "settled_amount",
            "reclaim_amount",
        )
    )
    return header, [
        ["" if v is None else (int(v) if hasattr(v, "as_tuple") else v) for v in row]
        for row in data
    ]


def _safe(value):
    """A cell starting with = + - @ would run as a formula in a spreadsheet."""
    if isinstance(value, str) and value and value[0] in "=+-@":
        return f"'{value}"
    return value


def response(subsidy_round, fmt):
    header, data = rows(subsidy_round)
    name = f"subsidie-{subsidy_round.slug}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([str(h) for h in header])
        for row in data:
            writer.writerow([_safe(value) for value in row])
        result = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = _("Aanvragen")
        sheet.append([str(h) for h in header])
        for row in data:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        result = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    result["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return result
