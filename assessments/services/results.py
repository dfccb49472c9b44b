"""The one answer to "what is this audit's current result?".

An audit's result is its auditors' answers scored against its framework version; after an
approval, a correction (``AuditRevision``) replaces answers, and the latest revision is the
current result. ``current_result`` computes it (score, outcome, the answers as they stand,
the revision number); ``store`` keeps the copy on the audit row (``score``, ``outcome``,
``revision_number``) and the per-theme ``ThemeScore`` rows in step, so every list, chart,
dashboard and export that reads stored figures shows the same result as the report.
"""

from dataclasses import dataclass

from assessments.models import Audit, AuditRevision, ThemeScore
from assessments.services.frameworks import structure
from assessments.services.scoring import AuditScore, score_audit


@dataclass
class CurrentResult:
    """Score, outcome and answers of an audit after its latest revision (0: none)."""

    audit: Audit
    scored: AuditScore
    revision_number: int

    @property
    def score(self):
        return self.scored.score

    @property
    def outcome(self):
        return self.scored.outcome

    @property
    def outcome_label(self):
        return self.scored.outcome_label

    def answers(self):
        """{criterion key: scoring.CriterionScore}: each answer as the result counts it
        (revisions applied, derived values frozen)."""
        return {item.criterion.key: item for theme in self.scored.themes for item in theme.criteria}


def latest_revision_number(audit):
    revision = audit.revisions.order_by("-number").values_list("number", flat=True).first()
    return revision or 0


def current_result(audit, *, themes=None):
    """The audit's current result: its answers with the latest revision applied, scored."""
    themes = themes if themes is not None else structure(audit.version)
    number = latest_revision_number(audit) if audit.is_approved else 0
    return CurrentResult(audit, score_audit(audit, themes=themes), number)


def store(audit, result):
    """Keep the stored copy of ``result`` (audit row and theme scores) in step. Called by
    the workflow when an audit is approved and when it is corrected."""
    Audit.objects.filter(pk=audit.pk).update(
        score=result.score, outcome=result.outcome, revision_number=result.revision_number
    )
    audit.score, audit.outcome = result.score, result.outcome
    audit.revision_number = result.revision_number
    ThemeScore.objects.filter(audit=audit).delete()
    ThemeScore.objects.bulk_create(
        ThemeScore(audit=audit, theme_key=t.theme.key, theme_title=t.theme.title, score=t.score)
        for t in result.scored.themes
    )


def revised_answers(audit_ids):
    """{(audit id, criterion key): change} of the latest revision of each audit, for
    exports of many audits (one query)."""
    latest = {}
    for revision in AuditRevision.objects.filter(audit_id__in=audit_ids).order_by("number"):
        latest[revision.audit_id] = revision
    return {
        (audit_id, key): (revision.number, change)
        for audit_id, revision in latest.items()
        for key, change in revision.changes.items()
    }
