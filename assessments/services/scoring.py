"""Scores and outcomes of an audit.

The rules, in one place:

* Every answered criterion earns a *fraction* of its weight between 0 and 1 (its kind says
  how: yes/no, scale level, number thresholds, test case, or a derived platform value).
* "Niet van toepassing" and derived criteria without data ("geen gegevens") are left out of
  the denominator; unanswered criteria too (an audit can only be submitted when every
  criterion a person answers has an answer).
* A theme's score is the weighted share of the weight it earned, as a percentage; the
  overall score is the mean of the theme scores weighted by the themes' weights (themes
  without any scored criterion are left out).
* The outcome follows the thresholds stored on the framework version: from
  ``pass_threshold`` *voldoet*, from ``partial_threshold`` *voldoet gedeeltelijk*, else
  *voldoet niet*. A knock-out criterion that earns less than half its weight forces
  *voldoet niet*, whatever the score.
* No outcome before every criterion a person answers has an answer (or n.v.t.): until then
  the result shows progress (``answered_count`` of ``criteria_count``), not *voldoet niet*.
* "Why this score": failed knock-outs, then the criteria that cost the most percentage
  points of the overall score.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from assessments.models import Answer, Audit, DerivedCriterion, Outcome
from assessments.services.frameworks import structure
from ido_platform.core import metrics

ONE_DECIMAL = Decimal("0.1")
KNOCKOUT_MINIMUM = 0.5


@dataclass(frozen=True)
class Given:
    """An answer as the scoring sees it."""

    value: Decimal | None = None
    is_not_applicable: bool = False
    comment: str = ""


@dataclass
class CriterionScore:
    criterion: object
    value: Decimal | None
    is_not_applicable: bool
    fraction: float | None
    no_data: bool = False
    #: percentage points of the overall score this criterion did not earn
    points_lost: float = 0.0

    @property
    def is_answered(self):
        return self.is_not_applicable or self.fraction is not None

    @property
    def knockout_failed(self):
        return (
            self.criterion.is_knockout
            and self.fraction is not None
            and self.fraction < KNOCKOUT_MINIMUM
        )

    @property
    def answer_text(self):
        if self.is_not_applicable:
            return "n.v.t."
        if self.no_data:
            return "geen gegevens"
        if self.value is None:
            return ""
        return str(self.criterion.describe(self.value))


@dataclass
class ThemeScore:
    theme: object
    criteria: list[CriterionScore]
    score: Decimal | None

    @property
    def answered_count(self):
        return sum(1 for c in self.criteria if c.is_answered)


@dataclass
class AuditScore:
    themes: list[ThemeScore]
    score: Decimal | None
    outcome: str
    thresholds: tuple[Decimal, Decimal]
    knockouts_failed: list[CriterionScore] = field(default_factory=list)
    drivers: list[CriterionScore] = field(default_factory=list)

    @property
    def outcome_label(self):
        return Outcome(self.outcome).label if self.outcome else ""

    @property
    def unanswered(self):
        """Criteria a person must still answer."""
        return [
            c
            for theme in self.themes
            for c in theme.criteria
            if c.criterion.answered_by_person and not c.is_answered
        ]

    @property
    def criteria_count(self):
        """Criteria a person answers (derived ones fill themselves in)."""
        return sum(1 for t in self.themes for c in t.criteria if c.criterion.answered_by_person)

    @property
    def answered_count(self):
        return self.criteria_count - len(self.unanswered)

    @property
    def is_complete(self):
        return not self.unanswered

    def theme(self, key):
        return next((t for t in self.themes if t.theme.key == key), None)


def _round(value):
    return Decimal(str(value)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def outcome_for(score, version, knockout_failed=False):
    """The outcome for an overall score under a version's thresholds."""
    if knockout_failed:
        return Outcome.VOLDOET_NIET
    if score is None:
        return ""
    if score >= version.pass_threshold:
        return Outcome.VOLDOET
    if score >= version.partial_threshold:
        return Outcome.GEDEELTELIJK
    return Outcome.VOLDOET_NIET


def score(version, themes, given, derived_values=None):
    """Score a version's ``themes`` (from ``structure(version)``) for the answers ``given``
    ({criterion id: Given}); derived criteria take ``derived_values`` ({criterion id:
    value or None}) when given, else their ``given`` answer."""
    derived_values = derived_values or {}
    theme_scores = []
    for theme in themes:
        results = []
        for criterion in theme.criteria_list:
            answer = given.get(criterion.pk, Given())
            no_data = False
            value = answer.value
            if isinstance(criterion, DerivedCriterion):
                if criterion.pk in derived_values:
                    value = derived_values[criterion.pk]
                no_data = value is None and not answer.is_not_applicable
            fraction = None
            if not answer.is_not_applicable and value is not None:
                fraction = criterion.fraction(value)
            results.append(
                CriterionScore(criterion, value, answer.is_not_applicable, fraction, no_data)
            )
        scored = [r for r in results if r.fraction is not None]
        total = sum(r.criterion.weight for r in scored)
        theme_score = None
        if total:
            theme_score = _round(100 * sum(r.criterion.weight * r.fraction for r in scored) / total)
        theme_scores.append(ThemeScore(theme, results, theme_score))

    counted = [t for t in theme_scores if t.score is not None]
    theme_total = sum(t.theme.weight for t in counted)
    overall = None
    if theme_total:
        overall = _round(sum(t.theme.weight * float(t.score) for t in counted) / theme_total)
        for t in counted:
            weights = sum(r.criterion.weight for r in t.criteria if r.fraction is not None)
            for r in t.criteria:
                if r.fraction is not None:
                    r.points_lost = round(
                        100
                        * (t.theme.weight / theme_total)
                        * (r.criterion.weight / weights)
                        * (1 - r.fraction),
                        1,
                    )
    all_results = [r for t in theme_scores for r in t.criteria]
    knockouts = [r for r in all_results if r.knockout_failed]
    drivers = sorted(
        (r for r in all_results if r.points_lost > 0 and not r.knockout_failed),
        key=lambda r: -r.points_lost,
    )[:5]
    result = AuditScore(
        themes=theme_scores,
        score=overall,
        outcome="",
        thresholds=(version.pass_threshold, version.partial_threshold),
        knockouts_failed=knockouts,
        drivers=knockouts + drivers,
    )
    if result.is_complete:
        result.outcome = outcome_for(overall, version, bool(knockouts))
    return result


def live_derived_values(themes, location_id):
    """Today's platform values for the derived criteria (one query per metric used)."""
    values, raw_by_metric = {}, {}
    for theme in themes:
        for criterion in theme.criteria_list:
            if isinstance(criterion, DerivedCriterion):
                try:
                    metric = metrics.get(criterion.metric_key)
                except LookupError:
                    values[criterion.pk] = None
                    continue
                if criterion.metric_key not in raw_by_metric:  # criteria may share a metric
                    raw_by_metric[criterion.metric_key] = metric.value(location_id)
                values[criterion.pk] = DerivedCriterion.as_number(
                    raw_by_metric[criterion.metric_key]
                )
    return values


def given_answers(audit, source, themes=None, answers=None):
    """The answers of one source as {criterion id: Given}; for an approved audit with
    corrections, the latest revision's answers replace the originals. ``answers`` may be
    the audit's answers already loaded (both sources)."""
    rows = (
        [a for a in answers if a.source == source]
        if answers is not None
        else audit.answers.filter(source=source)
    )
    given = {
        answer.criterion_id: Given(answer.value, answer.is_not_applicable, answer.comment)
        for answer in rows
    }
    if source == Answer.Source.AUDITOR and audit.is_approved:
        revision = audit.revisions.order_by("-number").first()
        if revision is not None:
            by_key = {
                c.key: c.pk for t in (themes or structure(audit.version)) for c in t.criteria_list
            }
            for key, change in revision.changes.items():
                if key in by_key:
                    value = change.get("value")
                    given[by_key[key]] = Given(
                        Decimal(value) if value not in (None, "") else None,
                        bool(change.get("is_not_applicable")),
                        change.get("comment", ""),
                    )
    return given


def score_audit(audit, source=Answer.Source.AUDITOR, themes=None, answers=None):
    """Score an audit for one source. Before submission derived criteria read today's
    platform data; from submission on they use the values frozen at submission."""
    themes = themes if themes is not None else structure(audit.version)
    derived = None
    frozen = audit.status in (Audit.Status.SUBMITTED, Audit.Status.APPROVED)
    if not frozen:
        derived = live_derived_values(themes, audit.location_id)
    elif source != Answer.Source.AUDITOR:
        auditor = given_answers(audit, Answer.Source.AUDITOR, themes, answers)
        derived = {
            c.pk: auditor.get(c.pk, Given()).value
            for t in themes
            for c in t.criteria_list
            if isinstance(c, DerivedCriterion)
        }
    return score(audit.version, themes, given_answers(audit, source, themes, answers), derived)
