"""Factories for question registration: visits go through the registration service, so the
rollups are always in step with the rows."""

import uuid

import factory

from questions.models import DeskLink, ImpactResponse
from questions.services import registration
from questions.services.registration import QuestionInput
from tests.ido_platform.factories import LocationFactory


def question(**fields):
    """A question input with sensible defaults (digital government, information, 5-15 min)."""
    values = {"kind": "government", "action": "information", "duration": "5-15"}
    values.update(fields)
    return QuestionInput(**values)


def register(location, by=None, *, questions=None, channel="desk", desk_link=None, **fields):
    """Register a visit as the screen would; returns the visit."""
    visit, _created = registration.register_visit(
        location=location,
        channel=channel,
        questions=[question()] if questions is None else questions,
        client_id=fields.pop("client_id", None) or uuid.uuid4(),
        by=by,
        desk_link=desk_link,
        **fields,
    )
    return visit


class DeskLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeskLink

    location = factory.SubFactory(LocationFactory)
    secret_hash = factory.Sequence(lambda n: f"{n:064x}")


class ImpactResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImpactResponse

    location = factory.SubFactory(LocationFactory)
    week = factory.Faker("date_object")
    answered = "yes"
    knows_next_step = "yes"
    would_return = "yes"
    rating = 4
