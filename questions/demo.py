"""Demo data for question registration: about two years of generated visits for the 15
kopgroep locations, relative to today, with a week and day rhythm, recurring DigiD and
toeslagen questions, the tax-return season and one clear peak (a phishing wave three weeks
ago); anonymous impact answers; and the peaks the detector finds in them.

A seeded generator makes the same visits with the same ids for the same day, so a second run
adds nothing (``registration.import_visits`` skips known ids). Today's visits of the demo
employee go through ``registration.register_visit``, like the screen."""

import datetime
import random
import uuid

from django.contrib.auth import get_user_model
from django.utils import timezone

from ido_platform.core.models import Location, OpeningHours, ServiceProvider, Topic
from questions.models import Action, Channel, Duration, ImpactResponse, Kind, Referral, Visit
from questions.services import impact, registration, trends
from questions.services.registration import QuestionInput

NAMESPACE = uuid.UUID("6f1d7c1e-7a4e-4a55-9b0b-1c5d0d6b9a10")
DAYS = 730
PEAK_TOPIC = "phishing"
PEAK_WEEKS_AGO = 3

# Relative weight per topic slug (questions about digital government).
TOPIC_WEIGHTS = {
    "digid": 30,
    "huurtoeslag": 10,
    "zorgtoeslag": 8,
    "belastingaangifte": 6,
    "aow": 6,
    "betalingsregeling-boete": 5,
    "studiefinanciering": 3,
    "kinderbijslag": 3,
    "ww-en-wia": 4,
    "eigen-bijdrage-zorg": 2,
    "indicatie-langdurige-zorg": 1,
    "rijbewijs": 3,
    "huurprijs-en-onderhoud": 1,
    "alimentatie": 1,
    "rechtsbijstand": 1,
    "phishing": 2,
}
# Visits on an ordinary open day, by location size.
BIG = {"rotterdam": 3.0, "biblionet-groningen": 2.2, "midden-brabant": 2.0, "aanzet": 1.6}


def _weighted(rng, weights):
    total = sum(weights.values())
    pick = rng.uniform(0, total)
    for key, weight in weights.items():
        pick -= weight
        if pick <= 0:
            return key
    return key


def _day_weights(day, today):
    weights = dict(TOPIC_WEIGHTS)
    if day.month in (3, 4):
        weights["belastingaangifte"] *= 5  # the tax-return season
    if day.month in (11, 12):
        weights["zorgtoeslag"] *= 2  # switching health insurance
    peak_monday = today - datetime.timedelta(days=today.weekday(), weeks=PEAK_WEEKS_AGO)
    if peak_monday <= day < peak_monday + datetime.timedelta(days=7):
        weights[PEAK_TOPIC] *= 25
    return weights


def _question(rng, day, today, topics, providers):
    roll = rng.random()
    if roll < 0.12:
        kind, topic = Kind.LIBRARY, None
    elif roll < 0.18:
        kind, topic = Kind.OTHER, None
    else:
        kind, topic = Kind.GOVERNMENT, topics.get(_weighted(rng, _day_weights(day, today)))
    action = _weighted(rng, {Action.INFORMATION: 45, Action.TOGETHER: 40, Action.REFERRED: 15})
    follow_up = ""
    if topic is not None and topic.slug == "digid":
        follow_up = _weighted(
            rng, {"apply": 20, "activate": 25, "recover": 35, "authorise": 10, "app": 10}
        )
    topic_providers = list(topic.service_providers.all()) if topic is not None else []
    return QuestionInput(
        kind=kind,
        topic=topic,
        service_providers=topic_providers[:1] or ([] if topic else []),
        other_organisation="municipality" if kind == Kind.OTHER and rng.random() < 0.5 else "",
        digid_follow_up=follow_up,
        action=action,
        referred_to=(
            _weighted(
                rng,
                {
                    Referral.PROVIDER: 50,
                    Referral.MUNICIPALITY: 25,
                    Referral.LEGAL: 10,
                    Referral.SOCIAL: 15,
                },
            )
            if action == Action.REFERRED
            else ""
        ),
        duration=_weighted(
            rng,
            {
                Duration.UNDER_5: 20,
                Duration.UNDER_15: 45,
                Duration.UNDER_30: 25,
                Duration.LONGER: 10,
            },
        ),
    )


def generate(today=None):
    """The demo's visits as ``registration.ImportedVisit`` rows (deterministic per day)."""
    today = today or timezone.localdate()
    topics = {t.slug: t for t in Topic.objects.prefetch_related("service_providers")}
    providers = ServiceProvider.objects.in_bulk()
    hours = {}
    for row in OpeningHours.objects.filter(location__is_kopgroep=True):
        hours.setdefault(row.location_id, {})[row.weekday] = (row.opens.hour, row.closes.hour)
    rows = []
    for location in Location.objects.filter(is_kopgroep=True).order_by("slug"):
        base = BIG.get(location.slug, 1.0)
        opening = hours.get(location.pk, {})
        for offset in range(DAYS, 0, -1):
            day = today - datetime.timedelta(days=offset)
            rng = random.Random(f"{location.slug}:{day.isoformat()}")
            weekday = day.isoweekday()
            if weekday == 7:
                continue
            open_hours = opening.get(weekday)
            rate = base * (1.6 if open_hours else 0.35)
            if day.month in (7, 8):
                rate *= 0.6  # summer
            visits = sum(1 for _ in range(6) if rng.random() < rate / 6)
            for number in range(visits):
                first, last = open_hours or (10, 17)
                hour = rng.randrange(first, max(last, first + 1))
                amount = 1 if rng.random() < 0.78 else (2 if rng.random() < 0.8 else 3)
                rows.append(
                    registration.ImportedVisit(
                        client_id=uuid.uuid5(NAMESPACE, f"{location.slug}:{day}:{number}"),
                        location=location,
                        channel=_weighted(
                            rng,
                            {
                                Channel.DESK: 70,
                                Channel.PHONE: 15,
                                Channel.EMAIL: 5,
                                Channel.ONLINE: 3,
                                Channel.OUTSIDE: 7,
                            },
                        ),
                        day=day,
                        hour=hour,
                        questions=[
                            _question(rng, day, today, topics, providers) for _ in range(amount)
                        ],
                    )
                )
    return rows


def load_impact(today):
    for location in Location.objects.filter(is_kopgroep=True):
        if ImpactResponse.objects.filter(location=location).exists():
            continue
        rng = random.Random(f"impact:{location.slug}")
        for weeks_ago in range(26):
            day = today - datetime.timedelta(weeks=weeks_ago)
            for _ in range(rng.randrange(0, 4)):
                impact.record(
                    location,
                    answered=_weighted(rng, {"yes": 80, "partly": 15, "no": 5}),
                    knows_next_step=_weighted(rng, {"yes": 70, "partly": 20, "no": 10}),
                    would_return=_weighted(rng, {"yes": 90, "partly": 7, "no": 3}),
                    rating=_weighted(rng, {5: 55, 4: 35, 3: 8, 2: 1, 1: 1}),
                    today=day,
                )


def load_today(today):
    """Two visits of today by the demo employee, through the registration service."""
    employee = get_user_model().objects.filter(username="medewerker").first()
    venlo = Location.objects.filter(slug="venlo").first()
    digid = Topic.objects.filter(slug="digid").first()
    if employee is None or venlo is None or digid is None:
        return
    for number, action in enumerate((Action.TOGETHER, Action.REFERRED)):
        client_id = uuid.uuid5(NAMESPACE, f"today:{today}:{number}")
        if Visit.objects.filter(client_id=client_id).exists():
            continue  # a second run writes nothing (the service would try its insert first)
        registration.register_visit(
            location=venlo,
            channel=Channel.DESK,
            client_id=client_id,
            by=employee,
            questions=[
                QuestionInput(
                    kind=Kind.GOVERNMENT,
                    topic=digid,
                    digid_follow_up="recover",
                    action=action,
                    referred_to=Referral.MUNICIPALITY if action == Action.REFERRED else "",
                    duration=Duration.UNDER_15,
                )
            ],
        )


def load():
    today = timezone.localdate()
    created = registration.import_visits(generate(today))
    load_impact(today)
    load_today(today)
    for weeks_ago in range(1, 11):
        trends.flag_peaks(today - datetime.timedelta(weeks=weeks_ago), notify=False)
    return {"visits": created}
