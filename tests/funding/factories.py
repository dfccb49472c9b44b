"""Factories for funding: rounds, municipalities with population figures, work areas and
applications."""

import datetime
from decimal import Decimal

import factory

from funding.models import (
    Application,
    Municipality,
    PopulationFigure,
    SubsidyRound,
    WorkAreaMunicipality,
)
from tests.ido_platform.factories import LibraryOrganisationFactory


def today():
    from django.utils import timezone

    return timezone.localdate()


class SubsidyRoundFactory(factory.django.DjangoModelFactory):
    """A round open today, its period already over (so accountability can be tested), the
    ceiling high enough for everyone unless a test lowers it."""

    class Meta:
        model = SubsidyRound

    name = factory.Sequence(lambda n: f"Regeling digitale inclusie {2030 + n}")
    slug = factory.Sequence(lambda n: f"regeling-{n}")
    year_start = 2026
    year_end = 2026
    purpose = "Meer opgeleide medewerkers en langere openingstijden van het informatiepunt."
    ceiling = Decimal("1000000")
    opens_on = factory.LazyFunction(lambda: today() - datetime.timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: today() + datetime.timedelta(days=10))
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 12, 31)
    accountability_due = datetime.date(2027, 3, 1)
    population_year = 2026
    rate_per_inhabitant = Decimal("0.8300")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GM{9000 + n:04d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")


class PopulationFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PopulationFigure

    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2026
    inhabitants = 100_000
    target_inhabitants = 20_000


class WorkAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkAreaMunicipality

    organisation = factory.SubFactory(LibraryOrganisationFactory)
    municipality = factory.SubFactory(MunicipalityFactory)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    round = factory.SubFactory(SubsidyRoundFactory)
    organisation = factory.SubFactory(LibraryOrganisationFactory)


def municipality_with(inhabitants, *, year=2026, target=None, **fields):
    """A municipality with one population figure."""
    municipality = MunicipalityFactory(**fields)
    PopulationFigureFactory(
        municipality=municipality, year=year, inhabitants=inhabitants, target_inhabitants=target
    )
    return municipality
