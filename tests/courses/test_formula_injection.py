"""Spreadsheet formula injection end to end (issue 10, item 6): names typed into the public
enrolment form reach the coordinator's spreadsheet through the Wagtail admin's export as
text, never as a formula, and a control character never breaks the XLSX."""

import csv
import io

import pytest
from openpyxl import load_workbook

from django.urls import reverse

from courses.runs.models import Enrolment
from ido_platform.core.models import Role
from tests.courses.test_public_pages import enrol_url, form_data

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","y")'
WITH_ESCAPE = "Jan\x1b de Vries"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def enrolled(client, run):
    """Two citizens enrol through the public form (not the service): the form's cleaning is
    part of the path."""
    for name, phone in ((FORMULA, "0611111111"), (WITH_ESCAPE, "0622222222")):
        response = client.post(enrol_url(run), form_data(name=name, phone=phone))
        assert response.status_code == 302, response.content.decode()[:2000]
    return set(Enrolment.objects.filter(run=run).values_list("name", flat=True))


@pytest.fixture
def national_client(client, users):
    client.force_login(users[Role.NATIONAL])
    return client


def test_the_admin_export_of_publicly_typed_names_holds_no_formula(enrolled, national_client):
    # The form keeps what people type (a name may start with "="); the export neutralises it.
    assert enrolled == {FORMULA, WITH_ESCAPE}
    url = reverse("enrolment:index")

    response = national_client.get(url, {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig")), delimiter=";"))
    names = {row[0] for row in rows[1:]}
    assert "'" + FORMULA in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)

    response = national_client.get(url, {"export": "xlsx"})
    assert response.status_code == 200  # an ESC in a name used to make this a 500
    sheet = load_workbook(io.BytesIO(body(response)), read_only=True).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    texts = {cell.value for cell in cells}
    assert texts == {FORMULA, "Jan de Vries"}
    assert all(cell.data_type == "s" for cell in cells)  # text, never a formula ("f")
