"""Factories for frameworks and audits."""

import datetime
import itertools

import factory

from assessments.models import (
    Audit,
    DerivedCriterion,
    Framework,
    FrameworkVersion,
    NumberCriterion,
    ScaleCriterion,
    TestCaseCriterion,
    Theme,
    YesNoCriterion,
)
from tests.ido_platform.factories import LocationFactory


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    name = factory.Sequence(lambda n: f"Toetsingskader {n}")
    slug = factory.Sequence(lambda n: f"kader-{n}")


class FrameworkVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FrameworkVersion

    framework = factory.SubFactory(FrameworkFactory)
    number = 1
    pass_threshold = 80
    partial_threshold = 60


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    version = factory.SubFactory(FrameworkVersionFactory)
    key = factory.Sequence(lambda n: f"thema-{n}")
    title = factory.Sequence(lambda n: f"Thema {n}")
    weight = 1
    sort_order = factory.Sequence(lambda n: n)


_criterion_numbers = itertools.count(1)


class _CriterionFactory(factory.django.DjangoModelFactory):
    # One counter for every kind: keys must differ within a theme whatever the kind.
    sort_order = factory.LazyFunction(lambda: next(_criterion_numbers))
    theme = factory.SubFactory(ThemeFactory)
    key = factory.LazyAttribute(lambda c: f"criterium-{c.sort_order}")
    title = factory.LazyAttribute(lambda c: f"Criterium {c.sort_order}")
    weight = 1


class YesNoCriterionFactory(_CriterionFactory):
    class Meta:
        model = YesNoCriterion


class ScaleCriterionFactory(_CriterionFactory):
    class Meta:
        model = ScaleCriterion

    level_descriptions = "Afwezig\nIn opbouw\nOp orde\nVoorbeeld voor anderen"


class NumberCriterionFactory(_CriterionFactory):
    class Meta:
        model = NumberCriterion

    unit = "uur per week"
    partial_at = 2
    full_at = 4


class CaseCriterionFactory(_CriterionFactory):
    class Meta:
        model = TestCaseCriterion

    visitor_question = "Ik heb een brief van de Belastingdienst, wat moet ik doen?"
    good_answer = "Doorvragen, en verwijzen naar de juiste organisatie."


class DerivedCriterionFactory(_CriterionFactory):
    class Meta:
        model = DerivedCriterion

    metric_key = "published_opening_hours"
    threshold = 1


class AuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audit
        skip_postgeneration_save = True

    location = factory.SubFactory(LocationFactory)
    version = factory.SubFactory(FrameworkVersionFactory)
    planned_for = factory.LazyFunction(lambda: datetime.date(2026, 11, 30))

    @factory.post_generation
    def auditors(self, create, extracted, **kwargs):
        if create and extracted:
            self.auditors.set(extracted)
