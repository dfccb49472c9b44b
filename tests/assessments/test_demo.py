"""The demo loader: an example framework (labelled as one), audits in several states."""

import datetime
from itertools import pairwise

import pytest

from django.utils import timezone

from assessments.models import Answer, Audit, AuditEvent, Criterion, Framework, ImprovementAction
from ido_platform.core.holidays import is_working_day

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_the_demo_framework_and_audits(demo):
    """(That a second load changes nothing is tests/ido_platform/test_demo.py's, for every
    table.)"""
    framework = Framework.objects.get(slug="voorbeeldkader-ido")
    version = framework.versions.get()

    assert framework.is_example and "VOORBEELD" in framework.description
    assert version.themes.count() >= 6
    assert Criterion.objects.filter(theme__version=version).count() >= 25
    statuses = set(Audit.objects.values_list("status", flat=True))
    assert {"approved", "submitted", "in_progress", "self_assessment"} <= statuses
    venlo = Audit.objects.filter(location__slug="venlo", status="approved")
    assert venlo.count() == 2 and venlo.get(is_latest=True).round == 2
    assert Audit.objects.filter(auditors__username="auditor", status="in_progress").exists()


# Issue 14, item 26: demo data that a visitor would take for bugs.


@pytest.fixture
def demo(demo_data):
    """The demo, loaded once for this module (tests/conftest.py)."""


WORKFLOW = ["planned", "self_assessment", "started", "submitted", "approved"]


def test_no_demo_action_is_still_open_after_its_due_date(demo):
    today = timezone.localdate()
    actions = list(ImprovementAction.objects.all())
    assert any(a.status == ImprovementAction.Status.DONE for a in actions)
    assert any(a.is_open for a in actions)  # the recent audits' actions are still running
    overdue = [a for a in actions if a.is_open and a.due_date < today]
    assert overdue == []
    for action in actions:
        if not action.is_open:
            assert action.fix_evidence
            assert timezone.localdate(action.completed_at) <= action.due_date


def test_demo_audit_history_follows_the_visit_in_time(demo):
    events = list(AuditEvent.objects.select_related("audit"))
    assert len({timezone.localtime(e.at).replace(second=0, microsecond=0) for e in events}) == len(
        events
    )
    now = timezone.now()
    for audit in Audit.objects.prefetch_related("events"):
        history = list(audit.events.order_by("at", "pk"))
        kinds = [e.kind for e in history]
        assert kinds == WORKFLOW[: len(kinds)], audit
        assert all(e.at <= now for e in history)
        assert all(b.at - a.at >= datetime.timedelta(hours=1) for a, b in pairwise(history))
        visit = audit.planned_for
        assert timezone.localdate(history[0].at) < visit  # planned weeks before
        if audit.submitted_at:
            submitted = next(e for e in history if e.kind == "submitted")
            assert audit.submitted_at == submitted.at
            assert timezone.localdate(submitted.at) >= visit
        if audit.approved_at:
            assert audit.approved_at == history[-1].at


def test_every_demo_self_assessment_is_by_the_librarys_own_coordinator(demo):
    answers = list(
        Answer.objects.filter(source=Answer.Source.SELF).select_related(
            "audit__location", "updated_by"
        )
    )
    assert len({a.audit_id for a in answers}) >= 5
    assert len({a.updated_by_id for a in answers}) >= 5  # not one person for everyone
    for answer in answers:
        assert answer.updated_by.has_perm("assessments.selfassess_audit", answer.audit), answer
    for event in AuditEvent.objects.filter(kind="self_assessment").select_related("audit", "by"):
        assert event.by.has_perm("assessments.selfassess_audit", event.audit)


def test_demo_visits_are_relative_to_today_on_working_days(demo):
    today = timezone.localdate()
    audits = list(Audit.objects.all())
    assert all(is_working_day(a.planned_for) for a in audits)
    by_status = {a.status: a.planned_for for a in audits if a.status != "approved"}
    assert by_status["self_assessment"] >= today  # the next visit is still to come
    assert today - datetime.timedelta(days=60) <= by_status["submitted"] < today
