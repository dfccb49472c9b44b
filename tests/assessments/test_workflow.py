"""The audit workflow and its invariants, at the service level."""

import datetime
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError

from assessments.models import (
    Answer,
    ApprovedAuditError,
    Audit,
    AuditEvent,
    Criterion,
    FrozenVersionError,
    Outcome,
    ThemeScore,
    YesNoCriterion,
)
from assessments.services import audits as service
from assessments.services.frameworks import new_version, structure
from assessments.services.scoring import Given, score_audit
from ido_platform.core.models import Message, Role
from tests.assessments.factories import AuditFactory

pytestmark = pytest.mark.django_db

ANSWERS = {"logo": 1, "uren": 4, "doorvragen": 4, "privacy": 1}


def answer_all(audit, user, source=Answer.Source.AUDITOR, **overrides):
    by_key = {c.key: c for t in structure(audit.version) for c in t.criteria_list}
    values = ANSWERS | overrides
    given = {by_key[k].pk: Given(Decimal(v)) for k, v in values.items()}
    return service.save_answers(audit, source=source, by=user, given=given)


def approved(audit, users):
    answer_all(audit, users[Role.AUDITOR])
    service.submit(audit, by=users[Role.AUDITOR])
    return service.approve(audit, by=users[Role.NATIONAL])


def test_planning_tells_the_auditors_and_the_coordinators(
    framework_version, location, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        audit = service.plan_audit(
            location=location,
            version=framework_version,
            auditors=[users[Role.AUDITOR]],
            planned_for=datetime.date(2026, 12, 1),
            by=users[Role.NATIONAL],
        )
    recipients = set(
        Message.objects.filter(kind="audit_planned").values_list("recipient", flat=True)
    )
    assert recipients == {
        users[Role.AUDITOR].email,
        users[Role.COORDINATOR].email,
        users[Role.NATIONAL].email,
    }
    assert audit.round == 1 and audit.status == Audit.Status.PLANNED
    invitation = Message.objects.filter(kind="audit_planned").first().attachments[0]
    assert invitation["mimetype"] == "text/calendar"
    assert "DTSTART;VALUE=DATE:20261201" in invitation["content"]


def test_planning_needs_one_or_two_people_with_the_auditor_role(framework_version, location, users):
    with pytest.raises(ValidationError):
        service.plan_audit(
            location=location,
            version=framework_version,
            auditors=[],
            planned_for=datetime.date(2026, 12, 1),
            by=users[Role.NATIONAL],
        )
    with pytest.raises(ValidationError, match="rol auditor"):
        service.plan_audit(
            location=location,
            version=framework_version,
            auditors=[users[Role.MEDEWERKER]],
            planned_for=datetime.date(2026, 12, 1),
            by=users[Role.NATIONAL],
        )


def test_self_assessment_and_auditor_answers_are_kept_apart(audit, users):
    answer_all(audit, users[Role.COORDINATOR], source=Answer.Source.SELF, logo=0)
    audit.refresh_from_db()
    assert audit.status == Audit.Status.SELF_ASSESSMENT
    answer_all(audit, users[Role.AUDITOR])
    audit.refresh_from_db()

    assert audit.status == Audit.Status.IN_PROGRESS
    assert score_audit(audit, Answer.Source.SELF).score < score_audit(audit).score
    with pytest.raises(service.AuditStateError):
        answer_all(audit, users[Role.COORDINATOR], source=Answer.Source.SELF)


def test_submit_refuses_while_criteria_are_unanswered(audit, users):
    by_key = {c.key: c for t in structure(audit.version) for c in t.criteria_list}
    service.save_answers(
        audit,
        source=Answer.Source.AUDITOR,
        by=users[Role.AUDITOR],
        given={by_key["logo"].pk: Given(Decimal(1))},
    )
    with pytest.raises(service.AuditStateError, match="Uren spreekuur"):
        service.submit(audit, by=users[Role.AUDITOR])


def test_submit_locks_the_auditors_answers(audit, users):
    answer_all(audit, users[Role.AUDITOR])
    service.submit(audit, by=users[Role.AUDITOR])

    with pytest.raises(service.AuditStateError):
        answer_all(audit, users[Role.AUDITOR], logo=0)


def test_approval_stores_scores_and_outcome_and_marks_the_latest_round(audit, users):
    approved(audit, users)
    audit.refresh_from_db()

    assert audit.status == Audit.Status.APPROVED
    assert audit.score == Decimal("100.0") and audit.outcome == Outcome.VOLDOET
    assert audit.is_latest
    assert dict(ThemeScore.objects.filter(audit=audit).values_list("theme_key", "score")) == {
        "herkenbaar": Decimal("100.0"),
        "mensen": Decimal("100.0"),
    }


def test_send_back_needs_a_reason_and_reopens_scoring(audit, users):
    answer_all(audit, users[Role.AUDITOR])
    service.submit(audit, by=users[Role.AUDITOR])
    with pytest.raises(ValidationError):
        service.send_back(audit, by=users[Role.NATIONAL], reason="  ")

    service.send_back(audit, by=users[Role.NATIONAL], reason="Foto bij het logo ontbreekt.")
    audit.refresh_from_db()

    assert audit.status == Audit.Status.IN_PROGRESS
    assert audit.sent_back_reason == "Foto bij het logo ontbreekt."
    answer_all(audit, users[Role.AUDITOR], logo=0)  # scoring is open again


def test_an_approved_audit_never_changes(audit, users):
    approved(audit, users)
    audit.refresh_from_db()
    answer = audit.answers.first()

    with pytest.raises(ApprovedAuditError):
        answer_all(audit, users[Role.AUDITOR], logo=0)
    audit.planned_for = datetime.date(2030, 1, 1)
    with pytest.raises(ApprovedAuditError):
        audit.save()
    answer.comment = "stiekem"
    with pytest.raises(ApprovedAuditError):
        answer.save()
    with pytest.raises(ApprovedAuditError):
        answer.delete()
    with pytest.raises(ApprovedAuditError):
        Audit.objects.get(pk=audit.pk).delete()
    with pytest.raises(ValidationError):
        service.add_finding(audit, kind="improve", text="te laat")
    assert Answer.objects.get(pk=answer.pk).comment == ""


def test_a_correction_is_a_revision_with_author_time_and_reason(audit, users):
    approved(audit, users)
    national = users[Role.NATIONAL]
    with pytest.raises(ValidationError):
        service.correct(audit, by=national, reason="", changes={"logo": {"value": 0}})

    revision = service.correct(
        audit, by=national, reason="Logo bleek niet zichtbaar.", changes={"logo": {"value": 0}}
    )
    audit.refresh_from_db()

    assert revision.number == 1 and revision.author == national and revision.created_at
    assert revision.score == Decimal("75.0")  # herkenbaar 50, mensen 100
    # The row holds the current result (services.results); the approved one is kept.
    assert (audit.score, audit.revision_number) == (Decimal("75.0"), 1)
    assert revision.score_before == Decimal("100.0")
    assert score_audit(audit).score == Decimal("75.0")  # reports read the latest revision
    assert audit.answers.get(criterion__key="logo").value == 1
    assert list(audit.events.values_list("kind", flat=True))[-1] == AuditEvent.Kind.CORRECTED
    second = service.correct(
        audit, by=national, reason="Spreekuur klopt niet.", changes={"uren": {"value": 2}}
    )
    assert second.number == 2 and set(second.changes) == {"logo", "uren"}


def test_a_used_framework_version_never_changes(audit, framework_version):
    criterion = Criterion.objects.filter(theme__version=framework_version).first()
    theme = framework_version.themes.first()

    framework_version.pass_threshold = 50
    with pytest.raises(FrozenVersionError):
        framework_version.save()
    criterion.weight = 9
    with pytest.raises(FrozenVersionError):
        criterion.save()
    theme.title = "Anders"
    with pytest.raises(FrozenVersionError):
        theme.save()
    with pytest.raises(FrozenVersionError):
        YesNoCriterion.objects.create(theme=theme, key="nieuw", title="Nieuw")
    with pytest.raises(FrozenVersionError):
        criterion.delete()


def test_editing_a_used_version_makes_a_new_version_with_the_same_keys(audit, framework_version):
    copy = new_version(framework_version, notes="Drempel omlaag")
    copy.pass_threshold = 75
    copy.save()  # the copy is not used yet, so it may change
    scale = copy.themes.get(key="mensen").criteria.get(key="doorvragen")
    scale.weight = 3
    scale.save()

    assert copy.number == 2
    original = [
        (c.key, type(c).__name__, c.weight)
        for t in structure(framework_version)
        for c in t.criteria_list
    ]
    copied = [(c.key, type(c).__name__) for t in structure(copy) for c in t.criteria_list]
    assert copied == [(key, kind) for key, kind, _ in original]
    assert Criterion.objects.get(theme__version=framework_version, key="doorvragen").weight == 1
    assert (
        copy.themes.get(key="herkenbaar").criteria.get(key="uren").get_real_instance().full_at == 4
    )


def test_next_audit_shows_the_open_actions_of_the_last_one(audit, users, framework_version):
    service.add_action(audit, description="Logo ophangen", due_date=datetime.date(2027, 1, 1))
    done = service.add_action(audit, description="Folders", due_date=datetime.date(2027, 1, 1))
    service.update_action(done, status="done", fix_evidence="Folders liggen er.")
    approved(audit, users)
    next_audit = AuditFactory(
        location=audit.location,
        version=framework_version,
        planned_for=datetime.date(2027, 11, 30),
    )

    assert [a.description for a in service.open_actions_of_previous(next_audit)] == [
        "Logo ophangen"
    ]


def test_marking_an_action_done_needs_evidence_of_the_fix(audit):
    action = service.add_action(
        audit, description="Logo ophangen", due_date=datetime.date(2027, 1, 1)
    )
    with pytest.raises(ValidationError):
        service.update_action(action, status="done", fix_evidence="")


def test_derived_values_are_frozen_at_submission(audit, users, framework_version):
    from ido_platform.core import metrics
    from tests.assessments.factories import DerivedCriterionFactory

    state = {"share": 0.9}

    @metrics.register("test_frozen_share", "Test: aandeel", "ratio")
    def compute(location_ids):
        return {location_id: state["share"] for location_id in location_ids}

    try:
        # The fixture's version is in use (frozen): add the criterion to a new version.
        version = new_version(framework_version)
        theme = version.themes.get(key="mensen")
        DerivedCriterionFactory(
            theme=theme, key="training", metric_key="test_frozen_share", threshold=0.8
        )
        fresh = AuditFactory(
            location=audit.location, version=version, auditors=[users[Role.AUDITOR]]
        )
        answer_all(fresh, users[Role.AUDITOR])
        service.submit(fresh, by=users[Role.AUDITOR])
        before = score_audit(fresh).score

        state["share"] = 0.1  # platform data changes after submission
        fresh.refresh_from_db()

        assert score_audit(fresh).score == before == Decimal("100.0")
        frozen = fresh.answers.get(criterion__key="training")
        assert frozen.value == Decimal("0.9")
    finally:
        metrics._registry.pop("test_frozen_share")
