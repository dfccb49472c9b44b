"""The one way to hand out a table: rows with Dutch headers as a CSV or XLSX download.

Every export in the project goes through here (coordinator figures, the team matrix, the
audit exports and every Wagtail admin list, see ``admin_views.SpreadsheetExportMixin``), so
they share one set of cell rules:

- CSV is UTF-8 with a BOM and ``;`` between cells: what Excel with Dutch regional settings
  opens without a wizard (a ``,`` is the Dutch decimal comma there).
- A CSV text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
  leading ``'``, so a spreadsheet shows it as text instead of running it as a formula (OWASP's
  advice against CSV injection). Numbers stay numbers.
- XLSX cells keep their type (numbers, dates); text is always stored as text, never as a
  formula, and characters XML cannot hold (control characters such as ESC) are dropped
  instead of failing the whole file.
- Large sets stream: CSV chunk by chunk, XLSX through openpyxl's write-only workbook.
"""

import csv
import datetime
import io
import re
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.translation import gettext

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CSV_DELIMITER = ";"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What an XML 1.0 document cannot hold (openpyxl refuses these): C0 controls but tab,
# newline and carriage return.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_ILLEGAL = re.compile(r"[\\/?*\[\]:]")
_CHUNK = 64 * 1024


def plain(value):
    """A value as a spreadsheet reads it: empty for None, ja/nee for booleans, a lazy
    translation as its text, a Decimal without trailing zeros; numbers and dates as they are,
    anything else as its text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("ja") if value else gettext("nee")
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, int | float | str | datetime.date | datetime.time):
        return value
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, list | tuple):
        return ", ".join(force_str(plain(item)) for item in value)
    return force_str(value)


def csv_cell(value):
    """One CSV cell: text that a spreadsheet would run as a formula gets a leading ``'``."""
    value = plain(value)
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_value(value):
    """One XLSX value: control characters dropped from text; aware datetimes in Dutch local
    time without the zone (Excel has none)."""
    value = plain(value)
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("", value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(timezone.localtime(value))
    if isinstance(value, datetime.time) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def _sheet_title(title):
    """A title Excel accepts: at most 31 characters, none of ``\\ / ? * [ ] :``."""
    title = _SHEET_ILLEGAL.sub(" ", _XML_ILLEGAL.sub("", force_str(title))).strip()
    return title[:31] or "Export"


def _safe_filename(filename):
    return re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip("-") or "export"


def _attachment(response, filename, fmt):
    response["Content-Disposition"] = f'attachment; filename="{_safe_filename(filename)}.{fmt}"'
    return response


def csv_lines(header, rows):
    """The CSV text in chunks: the BOM and the header first, then the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    buffer.write(BOM)
    writer.writerow([force_str(heading) for heading in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
        if buffer.tell() > _CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_response(filename, header, rows, *, stream=False):
    """A CSV download; ``stream`` for sets too large to hold in memory."""
    if stream:
        response = StreamingHttpResponse(csv_lines(header, rows), content_type=CSV_CONTENT_TYPE)
    else:
        response = HttpResponse("".join(csv_lines(header, rows)), content_type=CSV_CONTENT_TYPE)
    return _attachment(response, filename, CSV)


def xlsx_bytes(header, rows, *, sheet_title=""):
    """An XLSX workbook with one sheet: a bold header row, then the rows (write-only, so a
    large set is written row by row). openpyxl is imported here, not at the top: it costs
    every web worker about 16 MiB, and few requests export."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(sheet_title))
    bold = Font(bold=True)

    def cells(values, font=None):
        for value in values:
            cell = WriteOnlyCell(sheet, xlsx_value(value))
            if cell.data_type == "f":  # text that looks like a formula stays text
                cell.data_type = "s"
            if font is not None:
                cell.font = font
            yield cell

    sheet.append(list(cells(header, bold)))
    for row in rows:
        sheet.append(list(cells(row)))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(filename, header, rows, *, sheet_title=""):
    response = HttpResponse(
        xlsx_bytes(header, rows, sheet_title=sheet_title), content_type=XLSX_CONTENT_TYPE
    )
    return _attachment(response, filename, XLSX)


def response(fmt, filename, header, rows, *, sheet_title="", stream=False):
    """The download in ``fmt`` (``"csv"`` or ``"xlsx"``); ``filename`` without extension."""
    if fmt == CSV:
        return csv_response(filename, header, rows, stream=stream)
    if fmt == XLSX:
        return xlsx_response(filename, header, rows, sheet_title=sheet_title)
    raise ValueError(f"Unknown export format {fmt!r}")
