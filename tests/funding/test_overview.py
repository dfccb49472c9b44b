"""The funder's round overview and exports: the advanced amount per province and per
library, the overdue accountability list, and exports with the Dutch status and province
(not the stored codes)."""

import datetime
import html
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from django.urls import reverse

from funding.models import Application, SubsidyRound
from funding.services import exports, overview
from ido_platform.core.models import LibraryOrganisation, Role
from tests.funding.factories import SubsidyRoundFactory
from tests.funding.test_charts import table_rows

pytestmark = pytest.mark.django_db
Status = Application.Status

LIBRARY_ROW = re.compile(r'<tr><th scope="row"><a href="[^"]*">([^<]*)</a></th>(.*?)</tr>', re.S)
CELL = re.compile(r"<td>(.*?)</td>", re.S)


@pytest.fixture
def subsidy_round(db):
    subsidy_round = SubsidyRoundFactory(ceiling=Decimal(200_000))
    rows = [
        ("Bibliotheek Amersfoort", "UT", Status.GRANTED, 40_000, 30_000, 24_000),
        ("Bibliotheek Utrecht", "UT", Status.ACCOUNTED, 20_000, 15_000, 12_000),
        ("Bibliotheek Goes", "ZE", Status.GRANTED, 25_000, 20_000, 16_000),
        ("Bibliotheek Zonder", "", Status.SUBMITTED, 10_000, None, None),
    ]
    for n, (name, province, status, formula_amount, granted, advance) in enumerate(rows):
        library = LibraryOrganisation.objects.create(
            name=name, slug=f"overzicht-{n}", province=province
        )
        Application.objects.create(
            round=subsidy_round,
            organisation=library,
            status=status,
            formula_amount=Decimal(formula_amount),
            granted_amount=None if granted is None else Decimal(granted),
            advance_amount=None if advance is None else Decimal(advance),
        )
    return subsidy_round


@pytest.fixture
def page(client, users, subsidy_round):
    client.force_login(users[Role.NATIONAL])
    response = client.get(reverse("funding:round", args=[subsidy_round.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_advanced_amount_per_province(subsidy_round, page):
    per_province = {
        row["label"]: row["advance_amount"] for row in overview.overview(subsidy_round)["provinces"]
    }
    assert per_province == {"Utrecht": Decimal(36_000), "Zeeland": Decimal(16_000), "–": None}
    # Columns: applications, requested, granted, advanced, settled.
    rows = dict(table_rows(page, "provincies"))
    assert rows["Utrecht"] == ["2", "€ 60.000", "€ 45.000", "€ 36.000", "€ 0"]
    assert rows["Zeeland"][3] == "€ 16.000" and rows["–"][3] == "€ 0"


def test_the_advanced_amount_per_library(page):
    table = re.search(r'data-table="bibliotheken".*?</table>', page, re.S).group(0)
    rows = {
        html.unescape(name): [html.unescape(cell) for cell in CELL.findall(cells)]
        for name, cells in LIBRARY_ROW.findall(table)
    }
    # Columns: status, formula, granted, advanced, settled.
    assert rows["Bibliotheek Amersfoort"] == ["Verleend", "€ 40.000", "€ 30.000", "€ 24.000", "–"]
    assert rows["Bibliotheek Goes"][3] == "€ 16.000"
    assert rows["Bibliotheek Zonder"][2:4] == ["–", "–"]


def test_overdue_accountability_lists_granted_applications_after_the_deadline(
    client, users, subsidy_round
):
    due = subsidy_round.accountability_due
    before = overview.overview(subsidy_round, today=due)["overdue"]
    after = overview.overview(subsidy_round, today=due + datetime.timedelta(days=1))["overdue"]
    assert before == []
    # Granted and not accounted for: overdue; accounted for or not granted: not.
    assert [a.organisation.name for a in after] == ["Bibliotheek Amersfoort", "Bibliotheek Goes"]

    SubsidyRound.objects.filter(pk=subsidy_round.pk).update(
        accountability_due=datetime.date(2020, 3, 1)
    )
    client.force_login(users[Role.NATIONAL])
    page = client.get(reverse("funding:round", args=[subsidy_round.pk])).content.decode()
    overdue = re.search(r'data-list="te-laat">(.*?)</ul>', page, re.S).group(1)
    assert "Bibliotheek Amersfoort" in overdue and "Bibliotheek Goes" in overdue
    assert "Bibliotheek Utrecht" not in overdue and "Bibliotheek Zonder" not in overdue
    assert "uiterlijk 1 maart 2020 binnen zijn; nog niet ontvangen van:" in page


def test_exports_show_dutch_status_and_province_labels(client, users, subsidy_round):
    header, rows = exports.rows(subsidy_round)
    by_name = {row[0]: row for row in rows}
    assert by_name["Bibliotheek Amersfoort"][1:3] == ["Utrecht", "Verleend"]
    assert by_name["Bibliotheek Utrecht"][1:3] == ["Utrecht", "Verantwoording ingediend"]
    assert by_name["Bibliotheek Goes"][1:3] == ["Zeeland", "Verleend"]
    assert by_name["Bibliotheek Zonder"][1:3] == ["", "Ingediend"]

    client.force_login(users[Role.NATIONAL])
    csv_text = client.get(reverse("funding:export", args=[subsidy_round.pk, "csv"])).content.decode(
        "utf-8-sig"
    )
    assert "Bibliotheek Goes;Zeeland;Verleend;;25000;20000;16000;;" in csv_text
    assert ";UT;" not in csv_text and "granted" not in csv_text
    xlsx = client.get(reverse("funding:export", args=[subsidy_round.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert ["Bibliotheek Amersfoort", "Utrecht", "Verleend"] in [row[:3] for row in values]
    assert not any(row[2] in Status.values for row in values)
