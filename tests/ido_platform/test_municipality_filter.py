"""One municipality filter: ``Location.objects.in_municipality()`` and
``municipalities()``, used by the course finder, the open data API and the questions
monitor alike; no app filters or lists a location's municipality its own way."""

import re
from pathlib import Path

import pytest

from ido_platform.core.models import Location
from questions.services import monitor
from tests.ido_platform.factories import LocationFactory

ROOT = Path(__file__).resolve().parents[2]
APPS = ("ido_platform", "courses", "assessments", "questions", "funding")
OWN_WAY = re.compile(
    r"municipality__iexact|location__municipality|filter\(municipality=|"
    r"values_list\(\s*\"municipality\""
)
THE_ONE_PLACE = Path("ido_platform/core/models/network.py")


def own_filters(root):
    return [
        f"{path.relative_to(root)}:{number}"
        for app in APPS
        for path in sorted((root / app).rglob("*.py"))
        if path.relative_to(root) != THE_ONE_PLACE and "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if OWN_WAY.search(line)
    ]


def test_no_app_filters_a_locations_municipality_its_own_way():
    assert own_filters(ROOT) == [], "use Location.objects.in_municipality/municipalities"


def test_the_check_sees_a_filter_of_its_own(tmp_path):
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "forms.py").write_text(
        'ok = Location.objects.municipalities()\nbad = runs.filter(location__municipality="X")\n'
    )
    assert own_filters(tmp_path) == ["questions/forms.py:2"]


@pytest.mark.django_db
def test_the_finder_and_the_monitor_find_a_municipality_as_people_type_it():
    utrecht = LocationFactory(municipality="Utrecht")
    LocationFactory(municipality="Amersfoort")
    LocationFactory(municipality="Utrecht")
    assert list(Location.objects.in_municipality("utrecht")) == list(
        Location.objects.filter(municipality="Utrecht")
    )
    assert Location.objects.municipalities() == ["Amersfoort", "Utrecht"]
    selection = monitor.default_selection()
    selection.municipality = "UTRECHT"
    assert utrecht in selection.locations() and selection.locations().count() == 2
