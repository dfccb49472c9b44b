"""The one export helper: CSV as Dutch Excel reads it, formulas neutralised, XLSX that
survives any text."""

import csv
import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from ido_platform.core import exports

DUTCH_NAME = "Bibliotheek Zeeland – Middelburg, ë ï"


def excel_reads_csv(data: bytes):
    """As Excel with Dutch regional settings opens a CSV: a UTF-8 BOM means UTF-8
    (otherwise it reads Windows-1252), and cells are separated by ``;``."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8")
    else:
        text = data.decode("cp1252", errors="replace")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_a_dutch_name_with_a_comma_survives_a_csv_round_trip_through_excel():
    response = exports.csv_response("bibliotheken", ["Naam", "Plaats"], [[DUTCH_NAME, "Goes"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="bibliotheken.csv"'
    assert excel_reads_csv(response.content) == [["Naam", "Plaats"], [DUTCH_NAME, "Goes"]]


def test_a_streamed_csv_is_the_same_file():
    rows = ([DUTCH_NAME, number] for number in range(5000))
    response = exports.csv_response("groot", ["Naam", "Nummer"], rows, stream=True)
    body = b"".join(response.streaming_content)
    read = excel_reads_csv(body)
    assert len(read) == 5001 and read[-1] == [DUTCH_NAME, "4999"]


def test_every_cell_a_spreadsheet_would_run_as_a_formula_is_neutralised():
    hostile = ["=1+2", '=HYPERLINK("http://x","klik")', "+31 6 1234", "-5+1", "@SUM(A1)"]
    hostile += ["\tindent", "\rreturn"]
    response = exports.csv_response("x", ["Naam"] * len(hostile), [hostile])
    [_header, row] = excel_reads_csv(response.content)
    assert row == ["'" + value for value in hostile]


def test_numbers_dates_and_booleans_stay_readable_and_are_not_quoted():
    row = [-3, Decimal("84.50"), True, None, datetime.date(2026, 12, 30)]
    [_header, read] = excel_reads_csv(exports.csv_response("x", list("abcde"), [row]).content)
    assert read == ["-3", "84.5", "ja", "", "2026-12-30"]


def test_an_xlsx_survives_control_characters_and_keeps_formulas_as_text():
    moment = datetime.datetime(2026, 12, 30, 9, 30, tzinfo=datetime.UTC)
    body = exports.xlsx_bytes(
        ["Naam", "Formule", "Tijd", "Score"],
        [[DUTCH_NAME.replace("Zeeland", "Zee\x1bland"), "=1+2", moment, Decimal("84.50")]],
        sheet_title="Audits: 2026/1 [concept]",
    )
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet["A2"].value == DUTCH_NAME
    assert sheet["B2"].value == "=1+2" and sheet["B2"].data_type == "s"
    assert sheet["C2"].value.isoformat() == "2026-12-30T10:30:00"  # Dutch time, no zone
    assert sheet["D2"].value == 84.5
    assert sheet["A1"].font.bold
    assert sheet.title == "Audits  2026 1  concept"


def test_one_response_function_for_both_formats():
    assert exports.response("xlsx", "a", ["x"], [[1]])["Content-Type"] == (
        exports.XLSX_CONTENT_TYPE
    )
    assert exports.response("csv", "a b/c", ["x"], [[1]])["Content-Disposition"] == (
        'attachment; filename="a-b-c.csv"'
    )
