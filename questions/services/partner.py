"""What a service provider's analyst sees (Belastingdienst, DUO, CJIB, ...): the questions
about their own organisation, per period nationally and per province, read from the
organisation rollup. Never a visit, never another partner; small numbers always hidden
(``suppression``), over exactly the figures shown: the periods and the provinces each add
up to the one total, so a hidden cell cannot be recovered from the others and the total."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Sum

from ido_platform.core.models import Province, Role, ServiceProvider
from ido_platform.core.permissions import is_national, organisation_ids
from questions.models import OrganisationTally
from questions.services import monitor, suppression


def providers_for(user):
    """The service providers whose figures the user may see: their own as analyst, or all
    for the national role."""
    providers = ServiceProvider.objects.order_by("name")
    if is_national(user):
        return providers
    return providers.filter(pk__in=organisation_ids(user, Role.PARTNER_ANALYST))


@dataclass
class PartnerFigures:
    """The figures about one service provider for a selection (period, optional province)."""

    provider: ServiceProvider
    selection: monitor.Selection
    total: int | None = 0
    periods: list = field(default_factory=list)
    provinces: list = field(default_factory=list)


def figures(provider, selection):
    """Questions about ``provider`` in ``selection`` (its period, granularity and province;
    other filters do not apply): per period and per province, small numbers hidden."""
    tallies = OrganisationTally.objects.filter(
        organisation_key=str(provider.pk), day__gte=selection.start, day__lte=selection.end
    )
    if selection.province:
        tallies = tallies.filter(location__province=selection.province)
    periods = Counter()
    for day, n in tallies.values("day").annotate(n=Sum("count")).order_by().values_list("day", "n"):
        periods[monitor.period_start(day, selection.granularity)] += n
    by_period = {period: n for period, n in sorted(periods.items()) if n}
    by_province = {
        row["location__province"]: row["n"]
        for row in tallies.values("location__province").annotate(n=Sum("count")).order_by()
        if row["n"]
    }
    provinces = [
        (code, label)
        for code, label in Province.choices
        if not selection.province or code == selection.province
    ]
    values = {("period", day): n for day, n in by_period.items()}
    values.update({("province", code): by_province.get(code, 0) for code, _label in provinces})
    values[("total",)] = sum(by_period.values())
    hidden = suppression.hide(
        values,
        [
            ([("period", day) for day in by_period], ("total",)),
            ([("province", code) for code, _label in provinces], ("total",)),
        ],
    )

    def shown(key):
        return None if key in hidden else values[key]

    return PartnerFigures(
        provider=provider,
        selection=selection,
        total=shown(("total",)),
        periods=[
            {
                "period": monitor.period_label(day, selection.granularity),
                "count": shown(("period", day)),
            }
            for day in sorted(by_period)
        ],
        provinces=[
            {"label": label, "code": code, "count": shown(("province", code))}
            for code, label in provinces
        ],
    )
