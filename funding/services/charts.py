"""Inline SVG bar charts of a round's amounts, computed on the server: plain-number geometry
for the template, and each bar's value written exactly as the table next to it writes it
(whole euros, Dutch thousands separator), so the chart never shows a figure the table lacks."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

LABEL_WIDTH = 190
BAR_AREA = 400
VALUE_WIDTH = 110
BAR_HEIGHT = 22
ROW_GAP = 10


def euros(amount):
    """``Decimal("41500")`` → ``"€ 41.500"``, as the overview's tables write amounts."""
    whole = Decimal(amount or 0).quantize(Decimal(1))
    return f"€ {number_format(whole, decimal_pos=0, use_l10n=True, force_grouping=True)}"


def _bar(label, amount, series, biggest, y, title=None):
    width = round(BAR_AREA * Decimal(amount or 0) / biggest) if biggest else 0
    return {
        "label": label,
        "series": series,
        "value": euros(amount),
        "title": f"{title or label}: {euros(amount)}",
        "y": y,
        "width": width,
        "value_x": LABEL_WIDTH + 10 + width + 6,
    }


def _chart(bars, rows):
    height = rows * (BAR_HEIGHT + ROW_GAP) or BAR_HEIGHT + ROW_GAP
    return {
        "bars": bars,
        "width": LABEL_WIDTH + 10 + BAR_AREA + VALUE_WIDTH,
        "height": height,
        "label_x": LABEL_WIDTH,
        "bar_x": LABEL_WIDTH + 10,
        "bar_height": BAR_HEIGHT,
    }


def round_amounts(subsidy_round, totals):
    """One bar per amount of the round: the ceiling against requested, granted, advanced,
    settled and reclaimed (the rows of the "Bedragen" table, in its order)."""
    rows = [
        (_("Subsidieplafond"), subsidy_round.ceiling),
        (_("Aangevraagd (formule)"), totals["formula_amount"]),
        (_("Verleend"), totals["granted_amount"]),
        (_("Voorschot"), totals["advance_amount"]),
        (_("Vastgesteld"), totals["settled_amount"]),
        (_("Teruggevorderd"), totals["reclaim_amount"]),
    ]
    biggest = max((Decimal(amount or 0) for _label, amount in rows), default=0)
    step = BAR_HEIGHT + ROW_GAP
    bars = [
        _bar(label, amount, "ceiling" if index == 0 else "amount", biggest, index * step)
        for index, (label, amount) in enumerate(rows)
    ]
    return _chart(bars, len(rows))


def per_province(provinces):
    """Two bars per province, requested (formula) and granted, on one scale; ``provinces`` are
    the overview's rows with a ``label``."""
    biggest = max(
        (
            Decimal(row[name] or 0)
            for row in provinces
            for name in ("formula_amount", "granted_amount")
        ),
        default=0,
    )
    step = BAR_HEIGHT + ROW_GAP
    bars = []
    for index, row in enumerate(provinces):
        y = index * 2 * step
        requested = _("%(province)s, aangevraagd") % {"province": row["label"]}
        granted = _("%(province)s, verleend") % {"province": row["label"]}
        bars.append(
            _bar(row["label"], row["formula_amount"], "requested", biggest, y, title=requested)
        )
        bars.append(_bar("", row["granted_amount"], "granted", biggest, y + step, title=granted))
    return _chart(bars, 2 * len(provinces))
