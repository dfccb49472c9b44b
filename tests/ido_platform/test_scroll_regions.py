"""Every wide table or chart scrolls in a region of its own that says what it holds (WCAG
1.4.10 reflow, 2.4.6 labels): screen-reader users list regions by name, so "Tabel" five
times on one page tells them nothing."""

import re
from pathlib import Path

import pytest

from django.template import Context, Template

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TAG = re.compile(r"\{%\s*scrollregion\s+(.+?)\s*%\}")
GENERIC = {"tabel", "grafiek", "table", "chart", "gegevens", "overzicht"}


def project_templates():
    return sorted(path for path in TEMPLATES.rglob("*.html") if TAG.search(path.read_text()))


def literal(label):
    match = re.fullmatch(r"""_\(\s*["'](.+?)["']\s*\)""", label)
    return match.group(1) if match else None


@pytest.mark.parametrize("path", project_templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_each_scroll_region_in_a_template_has_its_own_specific_name(path):
    labels = [literal(label) for label in TAG.findall(path.read_text())]
    named = [label for label in labels if label is not None]
    assert not [label for label in named if label.lower() in GENERIC], named
    assert len(named) == len(set(named)), f"two regions share a name in {path.name}: {named}"


@pytest.mark.parametrize("path", project_templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_scroll_region_sits_inside_a_hand_written_region(path):
    # The tag makes the focusable region; a second one around it is a tab stop too many.
    assert 'class="table-scroll" role="region"' not in path.read_text()


def test_the_tag_names_its_region_after_its_label():
    html = Template(
        '{% load ido_tags %}{% scrollregion _("Drukke uren") %}<table></table>{% endscrollregion %}'
    ).render(Context())
    assert 'role="region"' in html and 'aria-label="Drukke uren"' in html
    assert 'tabindex="0"' in html
