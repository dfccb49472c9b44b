"""Rounds as versions: a used round is frozen, so next year's round is a copy."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from funding.models import SubsidyRound

COPIED_FIELDS = (
    "purpose",
    "ceiling",
    "rate_per_inhabitant",
    "target_group_label",
    "rate_per_target_inhabitant",
    "minimum_amount",
    "maximum_amount",
    "advance_percentage",
    "requires_question_registration",
    "requires_basic_training",
    "requires_audit",
    "other_obligations",
    "is_demo",
)


def _shift(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _free(field, value):
    candidate, number = value, 2
    while SubsidyRound.objects.filter(**{field: candidate}).exists():
        candidate = f"{value} ({number})" if field == "name" else f"{value}-{number}"
        number += 1
    return candidate


@transaction.atomic
def new_version(subsidy_round, *, years=1, name=None, **overrides):
    """Copy ``subsidy_round`` into a new round ``years`` later: the same formula, ceiling and
    obligations, every date and year moved on. ``overrides`` set fields of the copy (for
    example new rates). The copy is not frozen; the original stays as it was."""
    span = subsidy_round.year_end - subsidy_round.year_start
    year_start = (
        subsidy_round.year_end + 1 if years == 1 and span else subsidy_round.year_start + years
    )
    shift = year_start - subsidy_round.year_start
    if name is None:
        label = str(year_start) if not span else f"{year_start}–{year_start + span}"
        base = subsidy_round.name
        for old in (
            f"{subsidy_round.year_start}–{subsidy_round.year_end}",
            str(subsidy_round.year_start),
        ):
            if old in base:
                base = base.replace(old, label)
                break
        else:
            base = _("%(name)s (%(years)s)") % {"name": base, "years": label}
        name = base
    name = _free("name", name)
    fields = {field: getattr(subsidy_round, field) for field in COPIED_FIELDS}
    fields.update(
        name=name,
        slug=_free("slug", slugify(name)[:190] or "regeling"),
        year_start=year_start,
        year_end=year_start + span,
        population_year=subsidy_round.population_year + shift,
        opens_on=_shift(subsidy_round.opens_on, shift),
        closes_on=_shift(subsidy_round.closes_on, shift),
        period_start=_shift(subsidy_round.period_start, shift),
        period_end=_shift(subsidy_round.period_end, shift),
        accountability_due=_shift(subsidy_round.accountability_due, shift),
        copied_from=subsidy_round,
    )
    fields.update(overrides)
    copy = SubsidyRound(**fields)
    copy.full_clean()
    copy.save()
    return copy
