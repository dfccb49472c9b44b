"""Factories for course pages, runs, meetings and enrolments."""

from datetime import timedelta

import factory

from django.utils import timezone

from courses.models import CourseIndexPage, CoursePage, CourseRun, Enrolment, Meeting
from tests.ido_platform.factories import LocationFactory


def course_index(home):
    """The finder page under ``home`` (made once)."""
    existing = CourseIndexPage.objects.first()
    if existing:
        return existing
    index = CourseIndexPage(title="Cursussen", slug="cursussen", intro="<p>Leer het samen.</p>")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def course_page(index, *, title="Digisterker", slug="digisterker", **fields):
    """A published course page under the finder."""
    existing = CoursePage.objects.filter(slug=slug).first()
    if existing:
        return existing
    fields.setdefault("summary", "Leer werken met DigiD en de websites van de overheid.")
    fields.setdefault("what_to_bring", "Uw DigiD-gegevens en uw telefoon.")
    page = CoursePage(title=title, slug=slug, **fields)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


class CourseRunFactory(factory.django.DjangoModelFactory):
    """A run with weekly meetings of two hours: ``meetings=4`` (default) of them, the first
    ``meetings__starts_in`` ahead (default a week)."""

    class Meta:
        model = CourseRun
        skip_postgeneration_save = True

    location = factory.SubFactory(LocationFactory)
    seats = 8
    teacher = "Docent Jansen"

    @factory.post_generation
    def meetings(run, create, extracted, starts_in=timedelta(days=7), **kwargs):
        count = 4 if extracted is None else extracted
        first = timezone.now().replace(microsecond=0) + starts_in
        for number in range(count):
            starts = first + timedelta(weeks=number)
            Meeting.objects.create(run=run, starts_at=starts, ends_at=starts + timedelta(hours=2))
        run.refresh_from_db()


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    run = factory.SubFactory(CourseRunFactory)
    name = factory.Sequence(lambda n: f"Deelnemer {n}")
    status = Enrolment.Status.CONFIRMED
    arrival = factory.Sequence(lambda n: n + 1)
