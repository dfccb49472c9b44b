"""The amount per library, computed, never typed. Money is ``Decimal`` in whole euros.

The rules, as the round's page and the letters state them:

1. **Formula amount.** rate per inhabitant × inhabitants of the work area, plus (when the
   round has one) rate per target-group inhabitant × target-group inhabitants, for the round's
   population year. The sum is **rounded down to whole euros** (never a part of a euro more
   than the formula gives). Then it is raised to the round's minimum and lowered to its maximum.
2. **Pro rata.** When the formula amounts of all applications in the running (submitted and
   not rejected) together pass the ceiling, each gets ``amount × ceiling / total``, rounded
   down to whole euros. The euros left over by rounding down (fewer than the number of
   applications) go one each to the applications with the largest part of a euro cut off;
   applications with the same formula amount are treated as one group that gets a euro each
   or none at all, so equal inputs always get equal amounts. Whatever does not fit stays
   unallocated: the total never passes the ceiling and nobody gets more than the formula.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from funding.models import PopulationFigure

EURO = Decimal(1)


def whole_euros_down(value):
    """``value`` (Decimal or Fraction) rounded down to whole euros, as a Decimal."""
    if isinstance(value, Fraction):
        return Decimal(value.numerator // value.denominator)
    return Decimal(value).quantize(EURO, rounding=ROUND_FLOOR)


@dataclass(frozen=True)
class Population:
    """The inhabitants of a set of municipalities in a year; ``missing`` names the
    municipalities without a figure (or without a target-group figure when one is needed)."""

    inhabitants: int
    target_inhabitants: int | None
    missing: tuple[str, ...]


def work_area_population(subsidy_round, municipalities):
    """Sum the population figures of ``municipalities`` for the round's population year."""
    municipalities = list(municipalities)
    needs_target = subsidy_round.rate_per_target_inhabitant is not None
    figures = {
        figure.municipality_id: figure
        for figure in PopulationFigure.objects.filter(
            municipality__in=municipalities, year=subsidy_round.population_year
        )
    }
    inhabitants = 0
    target = 0 if needs_target else None
    missing = []
    for municipality in sorted(municipalities, key=lambda m: m.name):
        figure = figures.get(municipality.pk)
        if figure is None or (needs_target and figure.target_inhabitants is None):
            missing.append(municipality.name)
            continue
        inhabitants += figure.inhabitants
        if needs_target:
            target += figure.target_inhabitants
    return Population(inhabitants, target, tuple(missing))


def formula_amount(subsidy_round, inhabitants, target_inhabitants=None):
    """Rule 1: the amount for a work area of ``inhabitants`` (and ``target_inhabitants``)."""
    raw = subsidy_round.rate_per_inhabitant * Decimal(inhabitants)
    if subsidy_round.rate_per_target_inhabitant is not None and target_inhabitants:
        raw += subsidy_round.rate_per_target_inhabitant * Decimal(target_inhabitants)
    amount = whole_euros_down(raw)
    if subsidy_round.minimum_amount is not None:
        amount = max(amount, subsidy_round.minimum_amount)
    if subsidy_round.maximum_amount is not None:
        amount = min(amount, subsidy_round.maximum_amount)
    return amount


def divide_pro_rata(ceiling, amounts):
    """Rule 2: ``{key: formula amount}`` → ``{key: amount}`` whose total is at most
    ``ceiling``. Amounts are whole euros; the answer is deterministic."""
    ceiling = Decimal(ceiling)
    total = sum(amounts.values(), Decimal(0))
    if total <= ceiling:
        return dict(amounts)
    if total == 0 or ceiling <= 0:
        return {key: Decimal(0) for key in amounts}
    ratio = Fraction(ceiling) / Fraction(total)
    shares, cut_off = {}, {}
    for key, amount in amounts.items():
        exact = Fraction(amount) * ratio
        shares[key] = whole_euros_down(exact)
        cut_off[key] = exact - Fraction(shares[key])
    left = int(ceiling - sum(shares.values(), Decimal(0)))
    groups = defaultdict(list)
    for key, amount in amounts.items():
        groups[amount].append(key)
    # Largest part cut off first; on a tie, the larger formula amount first (deterministic).
    for amount in sorted(groups, key=lambda a: (-cut_off[groups[a][0]], -a)):
        keys = groups[amount]
        if left <= 0:
            break
        if cut_off[keys[0]] > 0 and len(keys) <= left:
            for key in keys:
                shares[key] += EURO
            left -= len(keys)
    return shares


def advance_for(subsidy_round, granted):
    """The advance paid on a grant: the round's percentage, rounded down to whole euros."""
    return whole_euros_down(granted * Decimal(subsidy_round.advance_percentage) / Decimal(100))


def explain(subsidy_round):
    """The formula in one Dutch sentence, for pages and letters."""
    parts = [
        _("€ %(rate)s per inwoner van het werkgebied")
        % {"rate": _format_rate(subsidy_round.rate_per_inhabitant)}
    ]
    if subsidy_round.rate_per_target_inhabitant is not None:
        parts.append(
            _("€ %(rate)s per inwoner uit de doelgroep (%(group)s)")
            % {
                "rate": _format_rate(subsidy_round.rate_per_target_inhabitant),
                "group": subsidy_round.target_group_label,
            }
        )
    text = _(" plus ").join(parts) + _(", naar beneden afgerond op hele euro's")
    if subsidy_round.minimum_amount is not None:
        text += _("; minimaal € %(amount)s") % {"amount": euros(subsidy_round.minimum_amount)}
    if subsidy_round.maximum_amount is not None:
        text += _("; maximaal € %(amount)s") % {"amount": euros(subsidy_round.maximum_amount)}
    return text + "."


def _format_rate(rate):
    """0.0800 → 0,08; 0.0825 → 0,0825; 1 → 1,00."""
    whole, _dot, fraction = f"{rate.normalize():f}".partition(".")
    return f"{whole},{fraction.ljust(2, '0')}"


def euros(amount):
    """A whole-euro amount the Dutch way: 12.345 (no cents)."""
    if amount is None:
        return "–"
    return f"{int(amount):,}".replace(",", ".")
