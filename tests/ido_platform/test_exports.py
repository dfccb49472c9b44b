"""The one export helper: CSV as Dutch Excel reads it, formulas neutralised, XLSX that
survives any text."""

import ast
import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

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


# --- One writer of spreadsheets ----------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
NOT_THE_PLATFORM = {".venv", ".tools", "tests", "scripts", "var", "node_modules", ".git"}
WRITERS = {"writer", "DictWriter"}


def platform_files():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if not NOT_THE_PLATFORM & set(relative.parts) and relative.parts[0][:1] != ".":
            yield path


def spreadsheet_writing(path):
    """What in ``path`` writes a spreadsheet by itself: an openpyxl import, or csv's writer
    (reading a CSV with csv.reader, as the population import does, is fine)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "openpyxl":
                    yield f"import {alias.name}"
        elif isinstance(node, ast.ImportFrom) and not node.level:
            top = (node.module or "").split(".")[0]
            if top == "openpyxl":
                yield f"from {node.module} import ..."
            if top == "csv" and WRITERS & {alias.name for alias in node.names}:
                yield "from csv import a writer"
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in WRITERS
            and isinstance(node.value, ast.Name)
            and node.value.id == "csv"
        ):
            yield f"csv.{node.attr}"


def test_only_the_export_helper_writes_csv_or_xlsx():
    # A second writer would not neutralise formulas or drop control characters.
    helper = ROOT / "ido_platform" / "core" / "exports.py"
    files = list(platform_files())
    assert helper in files and len(files) > 100
    offenders = [
        f"{path.relative_to(ROOT)}: {found}"
        for path in files
        if path != helper
        for found in spreadsheet_writing(path)
    ]
    assert offenders == []
    assert {"csv.writer", "from openpyxl import ..."} <= set(spreadsheet_writing(helper))


def test_the_writer_check_sees_each_way_in(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import csv\nimport openpyxl.styles\nfrom csv import DictWriter\n"
        "from openpyxl import Workbook\nw = csv.writer(f)\nr = csv.reader(f)\n"
    )
    assert list(spreadsheet_writing(sample)) == [
        "import openpyxl.styles",
        "from csv import a writer",
        "from openpyxl import ...",
        "csv.writer",
    ]
