"""The accountability report the platform fills in itself, per location of the application,
each figure with where it came from. Figures of other apps are read only through the
registries of ``ido_platform.core.metrics``: a figure no installed app provides is shown as
"nog niet beschikbaar", never as a number. Where an obligation of the round was not met the
report says so plainly."""

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from ido_platform.core import metrics
from ido_platform.core.models import OpeningHours

NOT_AVAILABLE = "nog niet beschikbaar"


@dataclass
class Figure:
    """One figure of the report: a table with a row per location."""

    key: str
    label: str
    source: str
    available: bool
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    shortfalls: list[str] = field(default_factory=list)
    # The header of the first column; empty means "Locatie" (reports stored before it existed).
    row_header: str = ""


def not_available_text():
    return _("nog niet beschikbaar")


def weekly_hours(location_ids):
    """{location id: published opening hours per week (Decimal, one decimal)}; one query."""
    totals = {}
    for location_id, opens, closes in OpeningHours.objects.filter(
        location_id__in=location_ids
    ).values_list("location_id", "opens", "closes"):
        minutes = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
        totals[location_id] = totals.get(location_id, 0) + max(minutes, 0)
    return {
        location_id: (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.1"))
        for location_id, minutes in totals.items()
    }


def quarters(start, end):
    """[(label, first day, last day)] of the calendar quarters from ``start`` to ``end``,
    clipped to that period."""
    result = []
    year, quarter = start.year, (start.month - 1) // 3
    while True:
        first = datetime.date(year, quarter * 3 + 1, 1)
        if first > end:
            break
        next_first = datetime.date(year + (quarter == 3), (quarter + 1) % 4 * 3 + 1, 1)
        last = next_first - datetime.timedelta(days=1)
        label = _("K%(quarter)s %(year)s") % {"quarter": quarter + 1, "year": year}
        result.append((label, max(first, start), min(last, end)))
        year, quarter = next_first.year, (next_first.month - 1) // 3
    return result


def period(application):
    """(First day, last day) of the application's subsidy period: the round's."""
    return application.round.period_start, application.round.period_end


def _number(value):
    if value is None:
        return not_available_text()
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",")
    return str(int(value))


def _hours(value):
    return f"{value:.1f}".replace(".", ",")


def _questions(application, locations):
    subsidy_round = application.round
    label = _("Geregistreerde vragen per kwartaal")
    try:
        figure = metrics.get_period_figure("questions_registered")
    except LookupError:
        return Figure(
            key="questions_registered",
            label=label,
            source=_("Vraagregistratie op het platform (nog niet aangesloten)"),
            available=False,
        )
    periods = quarters(*period(application))
    ids = [location.pk for location in locations]
    per_quarter = [figure.values(ids, first, last) for _label, first, last in periods]
    rows, shortfalls = [], []
    for location in locations:
        cells = []
        for (quarter_label, _first, _last), values in zip(periods, per_quarter, strict=True):
            value = values.get(location.pk)
            # No answer for a location means it registered nothing in that quarter.
            cells.append(_("geen") if value is None else _number(value))
            if subsidy_round.requires_question_registration and not value:
                shortfalls.append(
                    _("%(location)s heeft in %(quarter)s geen vragen geregistreerd.")
                    % {"location": location.name, "quarter": quarter_label}
                )
        total = sum(values.get(location.pk) or 0 for values in per_quarter)
        rows.append([location.name, *cells, _number(total)])
    return Figure(
        key="questions_registered",
        label=label,
        source=str(figure.label),
        available=True,
        columns=[quarter_label for quarter_label, _f, _l in periods] + [_("totaal")],
        rows=rows,
        shortfalls=shortfalls,
    )


def _questions_by_topic(application, locations):
    """Questions per topic (rows) and quarter (columns), summed over the application's
    locations; a quarter without any registration is a shortfall when the round requires
    question registration."""
    subsidy_round = application.round
    key = "questions_registered_by_topic"
    label = _("Geregistreerde vragen per kwartaal en onderwerp")
    try:
        breakdown = metrics.get_period_breakdown(key)
    except LookupError:
        return Figure(
            key=key,
            label=label,
            source=_("Vraagregistratie op het platform (nog niet aangesloten)"),
            available=False,
        )
    periods = quarters(*period(application))
    ids = [location.pk for location in locations]
    per_quarter = [breakdown.totals(ids, first, last) for _label, first, last in periods]
    topics = {topic for totals in per_quarter for topic in totals}
    overall = {topic: sum(totals.get(topic, 0) for totals in per_quarter) for topic in topics}
    rows = [
        [topic, *(_number(totals.get(topic, 0)) for totals in per_quarter), _number(overall[topic])]
        for topic in sorted(topics, key=lambda topic: (-overall[topic], topic))
    ]
    if rows:
        rows.append(
            [
                _("alle onderwerpen"),
                *(_number(sum(totals.values())) for totals in per_quarter),
                _number(sum(overall.values())),
            ]
        )
    shortfalls = []
    if subsidy_round.requires_question_registration:
        shortfalls = [
            _("In %(quarter)s zijn bij geen enkele locatie van deze aanvraag vragen geregistreerd.")
            % {"quarter": quarter_label}
            for (quarter_label, _first, _last), totals in zip(periods, per_quarter, strict=True)
            if not any(totals.values())
        ]
    return Figure(
        key=key,
        label=label,
        source=str(breakdown.label),
        available=True,
        columns=[quarter_label for quarter_label, _f, _l in periods] + [_("totaal")],
        rows=rows,
        shortfalls=shortfalls,
        row_header=_("Onderwerp"),
    )


def _opening_hours(application, locations):
    hours = weekly_hours([location.pk for location in locations])
    planned = {line.location_id: line.planned_hours for line in application.locations.all()}
    rows, shortfalls = [], []
    for location in locations:
        realised = hours.get(location.pk, Decimal(0))
        target = planned.get(location.pk)
        rows.append(
            [location.name, _hours(target) if target is not None else "–", _hours(realised)]
        )
        if target is not None and realised < target:
            shortfalls.append(
                _("%(location)s is %(realised)s uur per week open; gepland was %(planned)s uur.")
                % {
                    "location": location.name,
                    "realised": _hours(realised),
                    "planned": _hours(target),
                }
            )
    return Figure(
        key="opening_hours",
        label=_("Openingsuren per week"),
        source=_("Gepubliceerde openingstijden van de locaties op het platform (vandaag)"),
        available=True,
        columns=[_("gepland in de aanvraag"), _("gerealiseerd")],
        rows=rows,
        shortfalls=shortfalls,
    )


def _location_metric(key, label, locations, *, as_share=False, shortfall=None):
    try:
        metric = metrics.get(key)
    except LookupError:
        return Figure(key=key, label=label, source=_("niet aangesloten"), available=False)
    values = metric.values([location.pk for location in locations])
    rows, shortfalls = [], []
    for location in locations:
        value = values.get(location.pk)
        if value is None:
            text = _("geen gegevens")
        elif as_share:
            text = f"{round(float(value) * 100)}%"
        else:
            text = _number(value)
        rows.append([location.name, text])
        if shortfall and shortfall(value):
            shortfalls.append(shortfall.message % {"location": location.name})
    return Figure(
        key=key,
        label=label,
        source=str(metric.label),
        available=True,
        columns=[_("waarde")],
        rows=rows,
        shortfalls=shortfalls,
    )


def _citizen_courses(application, locations):
    """Citizen course runs that started in the subsidy period and their participants, per
    location, from the course app's period figures."""
    key = "citizen_courses"
    label = _("Cursusgroepen en deelnemers voor inwoners")
    try:
        runs = metrics.get_period_figure("citizen_course_runs")
        participants = metrics.get_period_figure("citizen_course_participants")
    except LookupError:
        return Figure(key=key, label=label, source=_("niet aangesloten"), available=False)
    start, end = period(application)
    ids = [location.pk for location in locations]
    run_counts = runs.values(ids, start, end)
    participant_counts = participants.values(ids, start, end)
    rows = [
        [
            location.name,
            _number(run_counts.get(location.pk) or 0),
            _number(participant_counts.get(location.pk) or 0),
        ]
        for location in locations
    ]
    return Figure(
        key=key,
        label=label,
        source=f"{runs.label}; {participants.label}",
        available=True,
        columns=[_("cursusgroepen"), _("deelnemers")],
        rows=rows,
    )


def _latest_audit(application, locations):
    """The outcome of each location's latest concluded audit within the subsidy period; a
    location without one is a shortfall when the round requires an audit."""
    key = "latest_audit_outcome"
    label = _("Uitkomst van de laatste audit")
    try:
        outcome = metrics.get_period_outcome(key)
    except LookupError:
        return Figure(key=key, label=label, source=_("niet aangesloten"), available=False)
    values = outcome.values([location.pk for location in locations], *period(application))
    rows, shortfalls = [], []
    for location in locations:
        value = values.get(location.pk)
        if value is None:
            rows.append([location.name, _("geen audit in de periode"), "–"])
            if application.round.requires_audit:
                shortfalls.append(
                    _("Bij %(location)s is in de subsidieperiode geen audit afgerond.")
                    % {"location": location.name}
                )
        else:
            rows.append([location.name, value.text, value.day.strftime("%d-%m-%Y")])
    return Figure(
        key=key,
        label=label,
        source=str(outcome.label),
        available=True,
        columns=[_("uitkomst"), _("datum van de audit")],
        rows=rows,
        shortfalls=shortfalls,
    )


class _Below:
    def __init__(self, limit, message):
        self.limit, self.message = limit, message

    def __call__(self, value):
        return value is None or float(value) < self.limit


def figures(application):
    """The report's figures for ``application``, in the order the report shows them."""
    locations = [line.location for line in application.locations.select_related("location")]
    subsidy_round = application.round
    training_shortfall = None
    if subsidy_round.requires_basic_training:
        training_shortfall = _Below(
            1, _("Bij %(location)s heeft niet iedereen een geldige basisopleiding.")
        )
    return [
        _questions(application, locations),
        _questions_by_topic(application, locations),
        _opening_hours(application, locations),
        _location_metric(
            "basic_training_share",
            _("Medewerkers met een geldige basisopleiding"),
            locations,
            as_share=True,
            shortfall=training_shortfall,
        ),
        _citizen_courses(application, locations),
        _latest_audit(application, locations),
    ]


def as_json(items):
    return [asdict(item) for item in items]


def from_json(items):
    return [Figure(**item) for item in items]
