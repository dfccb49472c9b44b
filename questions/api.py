"""Open data: the question figures of the IDO network as a read-only JSON API, counts per
period, per topic and per organisation, with small numbers hidden (``null``: fewer than
``hidden_below``). No visit, no person. The OpenAPI schema is at
/vragen/api/openapi.json, the docs at /vragen/api/docs."""

import datetime
from typing import Literal

from ninja import NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field

from django.utils import timezone
from django.utils.translation import gettext as _

from ido_platform.core import pagecache
from questions.services import open_data

api = NinjaAPI(
    title="IDO-platform: vragen bij de informatiepunten",
    version="1.0",
    description=(
        "Open data: het aantal vragen bij de Informatiepunten Digitale Overheid, per periode, "
        "onderwerp en organisatie. Aantallen onder de 5 zijn verborgen (null), ook waar ze uit "
        "totalen terug te rekenen zouden zijn. Geen persoonsgegevens, geen losse bezoeken."
    ),
    urls_namespace="vragen_api",
)


class FiguresFilter(Schema):
    van: datetime.date | None = Field(None, description="eerste dag (standaard: een jaar terug)")
    tot: datetime.date | None = Field(None, description="laatste dag (standaard: vandaag)")
    per: Literal["week", "maand", "kwartaal", "jaar"] = Field("kwartaal")
    provincie: str = Field("", max_length=2, description="afkorting, zoals UT of LI")
    onderwerp: str = Field("", max_length=120, description="korte naam van het onderwerp")


class CountOut(Schema):
    key: str = Field(description="korte naam van het onderwerp of de organisatie")
    name: str
    count: int | None = Field(description="null: minder dan hidden_below, verborgen")


class PeriodOut(Schema):
    start: datetime.date
    label: str
    total: int | None
    counts: list[CountOut] = Field(description="vragen per onderwerp")
    organisations: list[CountOut] = Field(
        description="vragen per organisatie (een vraag kan over meer organisaties gaan); "
        "leeg als op onderwerp is gefilterd"
    )


class FiguresOut(Schema):
    start: datetime.date
    end: datetime.date
    granularity: str
    province: str
    topic: str
    hidden_below: int
    total: int | None
    topics: list[CountOut]
    organisations: list[CountOut]
    periods: list[PeriodOut]


class ErrorOut(Schema):
    detail: str


@api.exception_handler(NinjaValidationError)
def validation_failed(request, exc):
    return api.create_response(
        request, {"detail": _("Ongeldige invoer."), "errors": exc.errors}, status=422
    )


@api.exception_handler(open_data.OpenDataError)
def selection_refused(request, exc):
    return api.create_response(request, {"detail": exc.text}, status=422)


@api.get(
    "/cijfers",
    response={200: FiguresOut, 422: ErrorOut},
    summary="Aantal vragen per periode, onderwerp en organisatie",
)
@decorate_view(pagecache.cacheable)  # public open data: served from the page cache
def figures(request, filters: Query[FiguresFilter]):
    today = timezone.localdate()
    end = filters.tot or today
    start = filters.van or end - datetime.timedelta(days=365)
    return open_data.figures(
        open_data.Request(
            start=start,
            end=end,
            granularity=filters.per,
            province=filters.provincie.upper(),
            topic=filters.onderwerp,
        )
    )
