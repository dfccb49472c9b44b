"""The round overview's charts: inline SVG with plain-number geometry, and every bar's figure
the same as the table next to it."""

import html
import re
from decimal import Decimal

import pytest

from django.urls import reverse

from funding.models import Application
from funding.services import charts
from ido_platform.core.models import LibraryOrganisation, Role
from tests.charts import assert_charts_are_machine_readable
from tests.funding.factories import SubsidyRoundFactory

pytestmark = pytest.mark.django_db

BAR = re.compile(
    r'<text[^>]*class="bar-chart__label">([^<]*)</text>.*?'
    r'<text[^>]*class="bar-chart__value" data-series="(\w+)">([^<]*)</text>',
    re.S,
)
ROW = re.compile(r"<tr><th scope=\"row\">([^<]*)</th>(.*?)</tr>", re.S)
CELL = re.compile(r"<td>(.*?)</td>", re.S)


def section(page, name, kind):
    match = re.search(rf'data-{kind}="{name}".*?</(svg|table)>', page, re.S)
    assert match, f"no {kind} {name!r} on the page"
    return match.group(0)


def chart_bars(page, name):
    return [
        (html.unescape(label), series, html.unescape(value))
        for label, series, value in BAR.findall(section(page, name, "chart"))
    ]


def table_rows(page, name):
    return [
        (html.unescape(label), [html.unescape(cell) for cell in CELL.findall(cells)])
        for label, cells in ROW.findall(section(page, name, "table"))
    ]


@pytest.fixture
def overview_page(client, users):
    subsidy_round = SubsidyRoundFactory(ceiling=Decimal(100_000))
    for n, (province, formula_amount, granted) in enumerate(
        [("UT", 40_000, 30_000), ("UT", 20_000, 15_000), ("ZE", 25_000, None)]
    ):
        library = LibraryOrganisation.objects.create(
            name=f"Bibliotheek Grafiek {n}", slug=f"grafiek-{n}", province=province
        )
        Application.objects.create(
            round=subsidy_round,
            organisation=library,
            status=Application.Status.GRANTED if granted else Application.Status.SUBMITTED,
            formula_amount=Decimal(formula_amount),
            granted_amount=Decimal(granted) if granted else None,
        )
    client.force_login(users[Role.NATIONAL])
    response = client.get(reverse("funding:round", args=[subsidy_round.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_overview_charts_are_inline_svg_without_a_script(overview_page):
    assert_charts_are_machine_readable(overview_page)
    assert overview_page.count('class="bar-chart"') == 2
    assert "<script" not in section(overview_page, "bedragen", "chart")


def test_the_amounts_chart_shows_the_figures_of_the_amounts_table(overview_page):
    bars = chart_bars(overview_page, "bedragen")
    rows = table_rows(overview_page, "bedragen")
    assert [(label, value) for label, _series, value in bars] == [
        (label, cells[0]) for label, cells in rows
    ]
    assert ("Subsidieplafond", "€ 100.000") in [(label, value) for label, _s, value in bars]
    assert ("Verleend", "€ 45.000") in [(label, value) for label, _s, value in bars]


def test_the_province_chart_shows_the_figures_of_the_province_table(overview_page):
    bars = chart_bars(overview_page, "provincies")
    rows = table_rows(overview_page, "provincies")
    # Per province: the requested bar carries the label, the granted bar follows it.
    from_chart = [
        (requested[0], requested[2], granted[2])
        for requested, granted in zip(bars[::2], bars[1::2], strict=True)
    ]
    assert [series for _label, series, _value in bars] == ["requested", "granted"] * len(rows)
    # Table columns: applications, requested, granted, advanced, settled.
    assert from_chart == [(label, cells[1], cells[2]) for label, cells in rows]
    assert from_chart == [("Utrecht", "€ 60.000", "€ 45.000"), ("Zeeland", "€ 25.000", "€ 0")]


def test_bar_lengths_follow_the_amounts_on_one_scale():
    chart = charts.per_province(
        [
            {"label": "Utrecht", "formula_amount": Decimal(400), "granted_amount": Decimal(200)},
            {"label": "Zeeland", "formula_amount": Decimal(100), "granted_amount": None},
        ]
    )
    widths = [bar["width"] for bar in chart["bars"]]
    assert widths == [charts.BAR_AREA, charts.BAR_AREA // 2, charts.BAR_AREA // 4, 0]
    assert [bar["y"] for bar in chart["bars"]] == sorted(bar["y"] for bar in chart["bars"])


def test_an_empty_round_draws_no_bar_longer_than_zero(client, users):
    subsidy_round = SubsidyRoundFactory(ceiling=Decimal(0))
    chart = charts.round_amounts(
        subsidy_round,
        dict.fromkeys(
            ["formula_amount", "granted_amount", "advance_amount", "settled_amount"],
            Decimal(0),
        )
        | {"reclaim_amount": Decimal(0)},
    )
    assert {bar["width"] for bar in chart["bars"]} == {0}
    client.force_login(users[Role.NATIONAL])
    page = client.get(reverse("funding:round", args=[subsidy_round.pk])).content.decode()
    assert 'data-chart="provincies"' not in page
    assert_charts_are_machine_readable(page)
