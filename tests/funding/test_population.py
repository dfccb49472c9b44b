"""Population figures from a CSV in the layout of the CBS municipality tables: the whole file
or nothing, every problem named with its line, in Dutch."""

import io

import pytest

from django.core.management import CommandError, call_command

from funding.models import Municipality, PopulationFigure
from funding.services.population import PopulationImportError, import_population
from tests.funding.factories import municipality_with

pytestmark = pytest.mark.django_db

GOOD = (
    "ID;RegioS;Gemeentenaam;Perioden;TotaleBevolking;Doelgroep\n"
    "1;GM0983;Venlo;2022JJ00;102120;21840\n"
    '2;GM0281;"Tiel";2022JJ00;42380;.\n'
)


def test_a_good_file_imports_every_row_and_adds_new_municipalities():
    result = import_population(GOOD.encode("utf-8-sig"), source="CBS StatLine")
    assert (result.created, result.updated, result.municipalities_added) == (2, 0, 2)
    venlo = PopulationFigure.objects.get(municipality__code="GM0983", year=2022)
    assert (venlo.inhabitants, venlo.target_inhabitants, venlo.source) == (
        102120,
        21840,
        "CBS StatLine",
    )
    assert PopulationFigure.objects.get(municipality__code="GM0281").target_inhabitants is None


def test_a_second_import_replaces_the_figures_of_the_same_year():
    import_population(GOOD)
    result = import_population(GOOD.replace("102120", "102500"))
    assert (result.created, result.updated) == (0, 2)
    assert PopulationFigure.objects.get(municipality__code="GM0983").inhabitants == 102500


def test_a_comma_separated_file_without_the_optional_columns_is_read():
    municipality_with(1000, code="GM0983", name="Venlo", year=2021)
    import_population("RegioS,Perioden,TotaleBevolking\nGM0983,2022,102120\n")
    assert PopulationFigure.objects.filter(municipality__code="GM0983").count() == 2


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("RegioS;Jaar;Inwoners\nGM0983;2022;5\n", "Regel 1: de kolommen kloppen niet"),
        (GOOD + "3;;Nergens;2022JJ00;100;\n", "Regel 4: de gemeente ontbreekt (kolom RegioS)."),
        (GOOD + "3;GM0983;Venlo;2022JJ00;100;\n", "Regel 4: GM0983 staat voor 2022 al op regel 2."),
        (
            GOOD + "3;GM0001;Ergens;2022JJ00;veel;\n",
            "Regel 4: het aantal inwoners 'veel' is geen geheel getal.",
        ),
        (
            GOOD + "3;GM0001;Ergens;2022JJ00;-5;\n",
            "Regel 4: het aantal inwoners '-5' is geen geheel getal.",
        ),
        (GOOD + "3;GM0001;Ergens;twintig;5;\n", "Regel 4: het jaar 'twintig' is niet te lezen"),
        (GOOD + "3;0983;Ergens;2022;5;\n", "Regel 4: '0983' is geen CBS-gemeentecode"),
        (
            GOOD + "3;GM0001;;2022;5;\n",
            "Regel 4: gemeente GM0001 is nog onbekend en de naam ontbreekt",
        ),
        (GOOD + "3;GM0001;Ergens;2022;5\n", "Regel 4: 5 waarden, de kop heeft er 6."),
        (
            GOOD + "3;GM0001;Ergens;2022;5;9\n",
            "Regel 4: de doelgroep is groter dan het aantal inwoners.",
        ),
        ("", "Het bestand is leeg."),
        ("RegioS;Perioden;TotaleBevolking\n", "Het bestand heeft geen regels met cijfers."),
        (b"RegioS;Perioden;TotaleBevolking\n\xff\xfe", "geen tekst in UTF-8"),
        ("RegioS;Perioden;TotaleBevolking\nGM\x000001;2022;5\n", "ongeldige tekens (NUL)"),
    ],
)
def test_a_bad_file_names_the_line_and_the_problem_and_imports_nothing(content, expected):
    with pytest.raises(PopulationImportError) as caught:
        import_population(content)
    assert any(expected in error for error in caught.value.errors), caught.value.errors
    assert not PopulationFigure.objects.exists()
    assert not Municipality.objects.exists()


def test_every_bad_line_is_reported_not_only_the_first():
    content = GOOD + "3;;X;2022;5;\n4;GM0002;Y;2022;x;\n"
    with pytest.raises(PopulationImportError) as caught:
        import_population(content)
    assert [error.split(":")[0] for error in caught.value.errors] == ["Regel 4", "Regel 5"]


def test_the_management_command_imports_a_file_and_reports_errors(tmp_path):
    good = tmp_path / "bevolking.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("import_population", str(good), "--source", "CBS 2022", stdout=io.StringIO())
    assert PopulationFigure.objects.count() == 2

    bad = tmp_path / "fout.csv"
    bad.write_text(GOOD + "3;GM0983;Venlo;2022JJ00;1;\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Regel 4"):
        call_command("import_population", str(bad))
    assert PopulationFigure.objects.get(municipality__code="GM0983").inhabitants == 102120
