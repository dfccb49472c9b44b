"""Reading inhabitants per municipality per year from a CSV in the layout of the CBS
municipality tables (StatLine export, semicolon-separated):

    ID;RegioS;Gemeentenaam;Perioden;TotaleBevolking;Doelgroep
    1;GM0983;Venlo;2022JJ00;102120;21840

``RegioS`` is the CBS code (GM + four digits), ``Perioden`` the year (``2022JJ00`` or
``2022``), ``TotaleBevolking`` the inhabitants; ``Gemeentenaam`` (needed for a municipality
the platform does not know yet), ``Doelgroep`` (target-group inhabitants, ``.`` or empty when
unknown, as CBS writes a missing value) and ``ID`` are optional. A comma instead of a
semicolon is accepted too. Every problem is reported with its line number and nothing is
imported unless the whole file is right."""

import csv
import io
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from funding.models import Municipality, PopulationFigure
from ido_platform.core.errors import ServiceRefusal

REQUIRED = ("RegioS", "Perioden", "TotaleBevolking")
OPTIONAL = ("ID", "Gemeentenaam", "Doelgroep")
CODE = re.compile(r"^GM\d{4}$")
PERIOD = re.compile(r"^(\d{4})(JJ00)?$")
MISSING_VALUES = ("", ".")
MAX_ROWS = 5000
MAX_NAME = 100


class PopulationImportError(ServiceRefusal):
    """The file cannot be imported; ``errors`` lists every problem, Dutch, with its line."""

    def __init__(self, errors):
        super().__init__(list(errors))
        self.errors = list(errors)


@dataclass(frozen=True)
class Row:
    line: int
    code: str
    name: str
    year: int
    inhabitants: int
    target_inhabitants: int | None


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    municipalities_added: int


def _count(value, line, what, errors, *, optional=False):
    value = value.strip().replace(" ", "")
    if value in MISSING_VALUES:
        if optional:
            return None
        errors.append(_("Regel %(line)s: %(what)s ontbreekt.") % {"line": line, "what": what})
        return None
    if not value.isascii() or not value.isdigit():
        errors.append(
            _("Regel %(line)s: %(what)s '%(value)s' is geen geheel getal.")
            % {"line": line, "what": what, "value": value[:30]}
        )
        return None
    number = int(value)
    if number > 2_000_000_000:
        errors.append(
            _("Regel %(line)s: %(what)s %(value)s is te groot.")
            % {"line": line, "what": what, "value": value[:30]}
        )
        return None
    return number


def parse(content):
    """``content`` (bytes or str) → list of ``Row``; raises PopulationImportError."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PopulationImportError(
                [_("Het bestand is geen tekst in UTF-8. Sla het op als CSV (UTF-8).")]
            ) from None
    if "\x00" in content:
        raise PopulationImportError([_("Het bestand bevat ongeldige tekens (NUL).")])
    first_line = content.split("\n", 1)[0]
    delimiter = "," if ";" not in first_line and "," in first_line else ";"
    reader = csv.reader(io.StringIO(content), delimiter=delimiter)
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise PopulationImportError([_("Het bestand is leeg.")]) from None
    except csv.Error:
        raise PopulationImportError([_("Regel 1: dit is geen leesbare CSV-regel.")]) from None
    missing = [column for column in REQUIRED if column not in header]
    unknown = [column for column in header if column not in REQUIRED + OPTIONAL]
    duplicates = sorted({column for column in header if header.count(column) > 1})
    if missing or unknown or duplicates:
        problems = []
        if missing:
            problems.append(_("ontbreekt: %(columns)s") % {"columns": ", ".join(missing)})
        if unknown:
            problems.append(_("onbekend: %(columns)s") % {"columns": ", ".join(unknown)[:200]})
        if duplicates:
            problems.append(_("dubbel: %(columns)s") % {"columns": ", ".join(duplicates)})
        raise PopulationImportError(
            [
                _(
                    "Regel 1: de kolommen kloppen niet (%(problems)s). Verwacht: %(expected)s, "
                    "en eventueel %(optional)s."
                )
                % {
                    "problems": "; ".join(problems),
                    "expected": ", ".join(REQUIRED),
                    "optional": ", ".join(OPTIONAL),
                }
            ]
        )
    position = {column: header.index(column) for column in header}
    errors, rows, seen = [], [], {}
    line = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error:
            line = reader.line_num
            errors.append(_("Regel %(line)s: dit is geen leesbare CSV-regel.") % {"line": line})
            continue
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append(_("Het bestand heeft meer dan %(max)s regels.") % {"max": MAX_ROWS})
            break
        if len(values) != len(header):
            errors.append(
                _("Regel %(line)s: %(found)s waarden, de kop heeft er %(expected)s.")
                % {"line": line, "found": len(values), "expected": len(header)}
            )
            continue

        def cell(column, values=values):
            return values[position[column]].strip() if column in position else ""

        row_errors = []
        code = cell("RegioS").upper()
        if not code:
            row_errors.append(
                _("Regel %(line)s: de gemeente ontbreekt (kolom RegioS).") % {"line": line}
            )
        elif not CODE.match(code):
            row_errors.append(
                _("Regel %(line)s: '%(code)s' is geen CBS-gemeentecode (GM en vier cijfers).")
                % {"line": line, "code": code[:30]}
            )
        period = PERIOD.match(cell("Perioden"))
        if not period:
            row_errors.append(
                _("Regel %(line)s: het jaar '%(value)s' is niet te lezen (bijvoorbeeld 2022JJ00).")
                % {"line": line, "value": cell("Perioden")[:30]}
            )
        inhabitants = _count(cell("TotaleBevolking"), line, _("het aantal inwoners"), row_errors)
        target = _count(
            cell("Doelgroep"),
            line,
            _("het aantal inwoners in de doelgroep"),
            row_errors,
            optional=True,
        )
        name = cell("Gemeentenaam")
        if len(name) > MAX_NAME:
            row_errors.append(_("Regel %(line)s: de gemeentenaam is te lang.") % {"line": line})
        if target is not None and inhabitants is not None and target > inhabitants:
            row_errors.append(
                _("Regel %(line)s: de doelgroep is groter dan het aantal inwoners.")
                % {"line": line}
            )
        if not row_errors:
            year = int(period.group(1))
            earlier = seen.get((code, year))
            if earlier:
                row_errors.append(
                    _("Regel %(line)s: %(code)s staat voor %(year)s al op regel %(earlier)s.")
                    % {"line": line, "code": code, "year": year, "earlier": earlier}
                )
            else:
                seen[(code, year)] = line
                rows.append(Row(line, code, name, year, inhabitants, target))
        errors.extend(row_errors)
    if not errors and not rows:
        errors.append(_("Het bestand heeft geen regels met cijfers."))
    if not errors:
        known = set(
            Municipality.objects.filter(code__in={row.code for row in rows}).values_list(
                "code", flat=True
            )
        )
        for row in rows:
            if row.code not in known and not row.name:
                errors.append(
                    _(
                        "Regel %(line)s: gemeente %(code)s is nog onbekend en de naam ontbreekt "
                        "(kolom Gemeentenaam)."
                    )
                    % {"line": row.line, "code": row.code}
                )
    if errors:
        raise PopulationImportError(errors)
    return rows


@transaction.atomic
def import_population(content, *, source="", is_demo=False):
    """Import the whole file or nothing. A figure already there for the same municipality
    and year is replaced (a correction by CBS); a new municipality is added by its name."""
    rows = parse(content)
    municipalities = {
        m.code: m for m in Municipality.objects.filter(code__in={r.code for r in rows})
    }
    added = 0
    for row in rows:
        if row.code not in municipalities:
            municipalities[row.code] = Municipality.objects.create(code=row.code, name=row.name)
            added += 1
        elif row.name and municipalities[row.code].name != row.name:
            municipalities[row.code].name = row.name
            municipalities[row.code].save(update_fields=["name"])
    existing = {
        (figure.municipality_id, figure.year): figure
        for figure in PopulationFigure.objects.filter(
            municipality__in=municipalities.values(), year__in={row.year for row in rows}
        )
    }
    created = updated = 0
    for row in rows:
        municipality = municipalities[row.code]
        figure = existing.get((municipality.pk, row.year))
        values = {
            "inhabitants": row.inhabitants,
            "target_inhabitants": row.target_inhabitants,
            "source": source[:200],
            "is_demo": is_demo,
        }
        if figure is None:
            PopulationFigure.objects.create(municipality=municipality, year=row.year, **values)
            created += 1
        else:
            for field, value in values.items():
                setattr(figure, field, value)
            figure.save()
            updated += 1
    return ImportResult(created, updated, added)
