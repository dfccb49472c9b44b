"""A corrected audit shows one result everywhere (issue 14, item 3): the report, its PDF,
the dashboard (table, counts and theme charts), the audit list, the admin list and every
export read ``services.results``; the exports carry the revision."""

import re
from decimal import Decimal

import pytest

from django.urls import reverse

from assessments.models import Outcome, ThemeScore
from assessments.services import audits as service
from assessments.services.results import current_result
from ido_platform.core.models import Role
from tests.assessments.test_workflow import approved
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def corrected(audit, users):
    approved(audit, users)
    service.correct(
        audit,
        by=users[Role.NATIONAL],
        reason="Logo bleek niet zichtbaar.",
        changes={"logo": {"value": 0, "comment": "Sticker ontbrak"}},
    )
    audit.refresh_from_db()
    return audit


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


def test_current_result_is_the_latest_revision(corrected):
    result = current_result(corrected)
    assert (result.score, result.outcome, result.revision_number) == (
        Decimal("75.0"),
        Outcome.GEDEELTELIJK,
        1,
    )
    assert result.answers()["logo"].value == 0
    # The stored copy follows: the audit row and the theme scores of the charts.
    assert (corrected.score, corrected.outcome, corrected.revision_number) == (
        result.score,
        result.outcome,
        1,
    )
    scores = dict(ThemeScore.objects.filter(audit=corrected).values_list("theme_key", "score"))
    assert scores == {"herkenbaar": Decimal("50.0"), "mensen": Decimal("100.0")}


def test_report_pdf_dashboard_and_lists_show_the_corrected_result(client, users, corrected):
    client.force_login(users[Role.NATIONAL])
    report = client.get(reverse("assessments:report", args=[corrected.pk])).content.decode()
    assert re.search(r"totaalscore 75([.,]0)?", report)
    pdf = pdf_text(client.get(reverse("assessments:report_pdf", args=[corrected.pk])).content)
    assert "75" in pdf and "Voldoet gedeeltelijk" in pdf

    dashboard = client.get(reverse("assessments:dashboard")).content.decode()
    row = dashboard.split("Informatiepunt Eigen")[1].split("</tr>")[0]
    assert re.search(r">75([.,]0)?<", row) and "Voldoet gedeeltelijk" in row
    assert "100" not in row


def test_exports_carry_the_corrected_result_answers_and_revision(client, users, corrected):
    client.force_login(users[Role.NATIONAL])
    audits = _body(client.get(reverse("assessments:export", args=["audits", "csv"])))
    header, row = audits.splitlines()[:2]
    assert header.split(";")[-1] == "revisie"
    assert row.split(";")[-3:] == [
        "75,0",
        Outcome.GEDEELTELIJK,
        "1",
    ]  # one score format: one decimal

    answers = _body(client.get(reverse("assessments:export", args=["antwoorden", "csv"])))
    lines = answers.splitlines()
    assert lines[0].split(";")[-1] == "revisie"
    logo_auditor = next(line for line in lines if ";logo;" in line and ";auditor;" in line).split(
        ";"
    )
    assert logo_auditor[6:] == ["0", "nee", "Sticker ontbrak", "1"]

    admin = _body(client.get("/admin/kwaliteit-audits/", {"export": "csv"}))
    assert "75" in admin.splitlines()[1] and "100" not in admin.splitlines()[1]
