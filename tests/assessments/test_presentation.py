"""How audit results read: one number format everywhere (pages, PDF, exports), ISO values in
date fields, plural-aware texts, and no outcome before every criterion is answered."""

import datetime
from decimal import Decimal

import pytest

from django.urls import reverse
from django.utils import timezone

from assessments.models import ThemeScore
from assessments.services import audits as service
from assessments.services.frameworks import structure
from assessments.services.scoring import Given, score_audit
from ido_platform.core.models import Role
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

# logo "no" halves the first theme: 50 and 100 make an overall 75.
ANSWERS = {"logo": "0", "uren": "4", "doorvragen": "4", "privacy": "1"}


def by_key(audit):
    return {c.key: c for t in structure(audit.version) for c in t.criteria_list}


def answer(audit, users, keys):
    criteria = by_key(audit)
    given = {criteria[key].pk: Given(Decimal(ANSWERS[key])) for key in keys}
    service.save_answers(audit, source="auditor", by=users[Role.AUDITOR], given=given)


def approved(audit, users):
    answer(audit, users, ANSWERS)
    service.submit(audit, by=users[Role.AUDITOR])
    return service.approve(audit, by=users[Role.NATIONAL])


class TestNumbers:
    def test_the_report_pdf_and_exports_write_scores_with_a_dutch_comma(self, client, audit, users):
        approved(audit, users)
        client.force_login(users[Role.NATIONAL])

        html = client.get(reverse("assessments:report", args=[audit.pk])).content.decode()
        assert "totaalscore 75,0" in html
        assert "<td>50,0</td>" in html
        pdf = pdf_text(client.get(reverse("assessments:report_pdf", args=[audit.pk])).content)
        assert "totaalscore 75,0" in pdf and "75.0" not in pdf
        csv = client.get(reverse("assessments:export", args=["audits", "csv"]))
        row = b"".join(csv.streaming_content).decode().splitlines()[1]
        assert ";75,0;gedeeltelijk" in row, row

    def test_the_dashboard_writes_averages_with_one_decimal(self, client, audit, users):
        approved(audit, users)
        # An average that a float cannot hold exactly.
        ThemeScore.objects.filter(audit=audit, theme_key="herkenbaar").update(score=Decimal("84.9"))
        client.force_login(users[Role.NATIONAL])
        html = client.get(reverse("assessments:dashboard")).content.decode()

        assert "<td>84,9</td>" in html
        assert "84,9 (1)" in html
        assert "84,90" not in html and "84.9" not in html


class TestDatesAndPlurals:
    def test_the_planning_date_is_prefilled_as_an_iso_value(self, client, users):
        client.force_login(users[Role.NATIONAL])
        html = client.get(reverse("assessments:plan")).content.decode()
        suggested = timezone.localdate() + datetime.timedelta(days=28)
        assert f'type="date" name="planned_for" value="{suggested:%Y-%m-%d}"' in html

    def test_an_action_due_date_is_shown_back_as_an_iso_value(self, audit):
        from assessments.forms import ActionForm

        form = ActionForm(audit=audit, initial={"due_date": datetime.date(2026, 12, 30)})
        assert 'value="2026-12-30"' in str(form["due_date"])

    def test_one_location_is_not_written_as_locaties(self, client, audit, users):
        approved(audit, users)
        client.force_login(users[Role.NATIONAL])
        html = client.get(reverse("assessments:dashboard")).content.decode()
        assert "<strong>1</strong> locatie<" in html
        assert "<strong>1</strong> locaties" not in html
        assert "<strong>0</strong> locaties" in html


class TestNoOutcomeBeforeEveryAnswer:
    def test_a_half_answered_audit_has_progress_and_no_outcome(self, audit, users):
        answer(audit, users, ["logo", "privacy"])
        result = score_audit(audit)

        assert (result.answered_count, result.criteria_count) == (2, 4)
        assert not result.is_complete
        assert result.outcome == ""

    def test_a_failed_knockout_does_not_show_voldoet_niet_while_answers_are_missing(
        self, audit, users
    ):
        criteria = by_key(audit)
        service.save_answers(
            audit,
            source="auditor",
            by=users[Role.AUDITOR],
            given={criteria["privacy"].pk: Given(Decimal("0"))},
        )
        assert score_audit(audit).outcome == ""

    def test_the_audit_page_shows_progress_until_complete_then_the_outcome(
        self, client, audit, users
    ):
        answer(audit, users, ["logo", "privacy"])
        client.force_login(users[Role.AUDITOR])
        url = reverse("assessments:audit", args=[audit.pk])

        html = client.get(url).content.decode()
        assert "2 van 4 criteria beantwoord" in html
        assert "Voldoet niet" not in html and "Voldoet gedeeltelijk" not in html

        answer(audit, users, ANSWERS)
        html = client.get(url).content.decode()
        assert "criteria beantwoord" not in html
        assert "75,0" in html and "Voldoet gedeeltelijk" in html
