"""Factories for the IDO network and people."""

import factory

from django.contrib.auth import get_user_model

from ido_platform.core.models import (
    DeliveryModel,
    LibraryOrganisation,
    Location,
    Membership,
    OpeningHours,
    Province,
    Role,
    ServiceProvider,
    SupportOrganisation,
    Topic,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("geheim-wachtwoord")


class LibraryOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LibraryOrganisation

    name = factory.Sequence(lambda n: f"Bibliotheek Voorbeeld {n}")
    slug = factory.Sequence(lambda n: f"bibliotheek-{n}")
    town = "Utrecht"
    province = Province.UTRECHT


class ServiceProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceProvider

    name = factory.Sequence(lambda n: f"Uitvoeringsorganisatie {n}")
    slug = factory.Sequence(lambda n: f"uitvoerder-{n}")
    abbreviation = factory.Sequence(lambda n: f"UO{n}")


class SupportOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportOrganisation

    name = factory.Sequence(lambda n: f"Steunorganisatie {n}")
    slug = factory.Sequence(lambda n: f"steun-{n}")
    kind = SupportOrganisation.Kind.KB


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(LibraryOrganisationFactory)
    name = factory.Sequence(lambda n: f"Informatiepunt Vestiging {n}")
    slug = factory.Sequence(lambda n: f"vestiging-{n}")
    town = "Utrecht"
    municipality = "Utrecht"
    province = Province.UTRECHT
    delivery_model = DeliveryModel.BASIS


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    location = factory.SubFactory(LocationFactory)
    weekday = OpeningHours.Weekday.TUESDAY
    opens = "10:00"
    closes = "12:00"
    is_spreekuur = True


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Onderwerp {n}")
    slug = factory.Sequence(lambda n: f"onderwerp-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(LibraryOrganisationFactory)
    role = Role.MEDEWERKER
