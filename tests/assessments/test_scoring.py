"""The scoring rules, as worked examples at the service level."""

from decimal import Decimal

import pytest

from assessments.models import Outcome
from assessments.services.frameworks import structure
from assessments.services.scoring import Given, score
from ido_platform.core import metrics
from tests.assessments.factories import (
    CaseCriterionFactory,
    DerivedCriterionFactory,
    FrameworkVersionFactory,
    NumberCriterionFactory,
    ScaleCriterionFactory,
    ThemeFactory,
    YesNoCriterionFactory,
)

pytestmark = pytest.mark.django_db

YES, NO = Given(Decimal(1)), Given(Decimal(0))
NA = Given(is_not_applicable=True)


@pytest.fixture
def version():
    return FrameworkVersionFactory(pass_threshold=80, partial_threshold=60)


def run(version, given, derived=None):
    return score(version, structure(version), given, derived)


def test_weighted_theme_score_is_the_share_of_weight_earned(version):
    # Weights 3 and 1; only the weight-3 criterion is met: 3 / 4 = 75%.
    theme = ThemeFactory(version=version)
    heavy = YesNoCriterionFactory(theme=theme, weight=3)
    light = YesNoCriterionFactory(theme=theme, weight=1)

    result = run(version, {heavy.pk: YES, light.pk: NO})

    assert result.themes[0].score == Decimal("75.0")
    assert result.score == Decimal("75.0")
    assert result.outcome == Outcome.GEDEELTELIJK


def test_not_applicable_leaves_the_denominator(version):
    # Without the n.v.t. criterion (weight 5) the one met criterion is 100%.
    theme = ThemeFactory(version=version)
    met = YesNoCriterionFactory(theme=theme, weight=1)
    skipped = YesNoCriterionFactory(theme=theme, weight=5, allows_not_applicable=True)

    result = run(version, {met.pk: YES, skipped.pk: NA})

    assert result.themes[0].score == Decimal("100.0")
    assert result.outcome == Outcome.VOLDOET


def test_overall_score_weighs_themes_by_their_weight(version):
    # Theme A (weight 3) scores 100, theme B (weight 1) scores 0: (300 + 0) / 4 = 75.
    a = ThemeFactory(version=version, weight=3)
    b = ThemeFactory(version=version, weight=1)
    in_a = YesNoCriterionFactory(theme=a)
    in_b = YesNoCriterionFactory(theme=b)

    result = run(version, {in_a.pk: YES, in_b.pk: NO})

    assert [t.score for t in result.themes] == [Decimal("100.0"), Decimal("0.0")]
    assert result.score == Decimal("75.0")


def test_kinds_turn_answers_into_fractions(version):
    # scale 3 of 4 = 2/3; number 3 hours (half from 2, full from 4) = 1/2;
    # test case "deels goed" (1 of 2) = 1/2. Equal weights: (2/3 + 1/2 + 1/2) / 3 = 55.6%.
    theme = ThemeFactory(version=version)
    scale = ScaleCriterionFactory(theme=theme)
    number = NumberCriterionFactory(theme=theme, partial_at=2, full_at=4)
    case = CaseCriterionFactory(theme=theme)

    result = run(
        version,
        {scale.pk: Given(Decimal(3)), number.pk: Given(Decimal(3)), case.pk: Given(Decimal(1))},
    )

    assert result.score == Decimal("55.6")
    assert result.outcome == Outcome.VOLDOET_NIET


@pytest.mark.parametrize(
    ("met", "expected"),
    [
        (8, Outcome.VOLDOET),
        (7, Outcome.GEDEELTELIJK),
        (6, Outcome.GEDEELTELIJK),
        (5, Outcome.VOLDOET_NIET),
    ],
)
def test_outcome_follows_the_thresholds_stored_on_the_version(version, met, expected):
    # Ten equal criteria; 80% and 60% are this version's thresholds.
    theme = ThemeFactory(version=version)
    criteria = [YesNoCriterionFactory(theme=theme) for _ in range(10)]
    given = {c.pk: (YES if i < met else NO) for i, c in enumerate(criteria)}

    assert run(version, given).outcome == expected


def test_other_thresholds_on_another_version_give_another_outcome():
    strict = FrameworkVersionFactory(pass_threshold=95, partial_threshold=90)
    theme = ThemeFactory(version=strict)
    criteria = [YesNoCriterionFactory(theme=theme) for _ in range(10)]
    given = {c.pk: (YES if i < 9 else NO) for i, c in enumerate(criteria)}

    result = run(strict, given)

    assert result.score == Decimal("90.0")
    assert result.outcome == Outcome.GEDEELTELIJK


def test_a_failed_knockout_forces_voldoet_niet_whatever_the_score(version):
    theme = ThemeFactory(version=version)
    criteria = [YesNoCriterionFactory(theme=theme, weight=10) for _ in range(9)]
    knockout = YesNoCriterionFactory(theme=theme, weight=1, is_knockout=True, title="Geen BSN")
    given = {c.pk: YES for c in criteria} | {knockout.pk: NO}

    result = run(version, given)

    assert result.score == Decimal("98.9")
    assert result.outcome == Outcome.VOLDOET_NIET
    assert [r.criterion for r in result.knockouts_failed] == [knockout]
    assert result.drivers[0].criterion == knockout


def test_a_knockout_earning_half_its_weight_does_not_force_the_outcome(version):
    theme = ThemeFactory(version=version)
    case = CaseCriterionFactory(theme=theme, is_knockout=True)

    result = run(version, {case.pk: Given(Decimal(1))})

    assert result.knockouts_failed == []
    assert result.outcome == Outcome.VOLDOET_NIET  # 50% is below 60%, not a knock-out


def test_why_this_score_names_the_criteria_that_cost_most(version):
    # Two themes of equal weight. Theme A: 3 criteria, one missed (weight 1 of 3 →
    # 50 * 1/3 = 16.7 points). Theme B: one missed of weight 1 of 2 → 25 points.
    a = ThemeFactory(version=version)
    b = ThemeFactory(version=version)
    a1, a2, a3 = (YesNoCriterionFactory(theme=a) for _ in range(3))
    b1, b2 = YesNoCriterionFactory(theme=b), YesNoCriterionFactory(theme=b)

    result = run(version, {a1.pk: YES, a2.pk: YES, a3.pk: NO, b1.pk: YES, b2.pk: NO})

    assert [(r.criterion, r.points_lost) for r in result.drivers] == [(b2, 25.0), (a3, 16.7)]
    assert [t.score for t in result.themes] == [Decimal("66.7"), Decimal("50.0")]
    assert result.score == Decimal("58.4")  # (66.7 + 50) / 2, so about 100 - 25 - 16.7


@pytest.fixture
def test_metric():
    key = "test_staff_share"

    @metrics.register(key, "Test: aandeel", "ratio")
    def compute(location_ids):
        return {location_ids[0]: 0.75}

    yield key
    metrics._registry.pop(key)


def test_derived_criterion_reads_the_metric_and_its_threshold(version, test_metric, location):
    theme = ThemeFactory(version=version)
    enough = DerivedCriterionFactory(theme=theme, metric_key=test_metric, threshold=Decimal("0.7"))
    too_strict = DerivedCriterionFactory(
        theme=theme, metric_key=test_metric, threshold=Decimal("0.9")
    )
    from assessments.services.scoring import live_derived_values

    themes = structure(version)
    derived = live_derived_values(themes, location.pk)
    result = score(version, themes, {}, derived)

    assert derived == {enough.pk: Decimal("0.75"), too_strict.pk: Decimal("0.75")}
    assert [r.fraction for r in result.themes[0].criteria] == [1.0, 0.0]
    assert result.score == Decimal("50.0")
    assert result.themes[0].criteria[0].answer_text == "75%"


def test_derived_criterion_without_metric_or_value_is_geen_gegevens_and_not_counted(
    version, location
):
    from assessments.services.scoring import live_derived_values

    theme = ThemeFactory(version=version)
    unregistered = DerivedCriterionFactory(theme=theme, metric_key="bestaat_niet")
    met = YesNoCriterionFactory(theme=theme)
    themes = structure(version)

    result = score(version, themes, {met.pk: YES}, live_derived_values(themes, location.pk))

    missing = result.themes[0].criteria[0]
    assert missing.criterion == unregistered
    assert missing.no_data and missing.fraction is None and not missing.is_answered
    assert missing.answer_text == "geen gegevens"
    assert result.score == Decimal("100.0")
    assert result.unanswered == []  # a person cannot answer it, so it never blocks submission


def test_published_opening_hours_metric_as_derived_criterion(version, location):
    from assessments.services.scoring import live_derived_values
    from tests.ido_platform.factories import OpeningHoursFactory

    theme = ThemeFactory(version=version)
    DerivedCriterionFactory(theme=theme, metric_key="published_opening_hours")
    themes = structure(version)
    assert score(version, themes, {}, live_derived_values(themes, location.pk)).score == 0

    OpeningHoursFactory(location=location)
    assert score(version, themes, {}, live_derived_values(themes, location.pk)).score == 100


def test_unanswered_criteria_are_listed_and_left_out(version):
    theme = ThemeFactory(version=version)
    answered = YesNoCriterionFactory(theme=theme)
    open_one = YesNoCriterionFactory(theme=theme)

    result = run(version, {answered.pk: YES})

    assert [r.criterion for r in result.unanswered] == [open_one]
    assert result.score == Decimal("100.0")


def test_nothing_scored_gives_no_score_and_no_outcome(version):
    theme = ThemeFactory(version=version)
    YesNoCriterionFactory(theme=theme, allows_not_applicable=True)

    result = run(version, {})

    assert result.score is None and result.outcome == ""
