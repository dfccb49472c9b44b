"""Factories for course pages, runs, meetings and enrolments."""

import datetime
from datetime import timedelta

import factory

from django.utils import timezone

from courses.runs.models import CourseIndexPage, CoursePage, CourseRun, Enrolment, Meeting
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


def local_time(days_ahead, hour, minute=0):
    """An aware moment at ``hour:minute`` Dutch local time, ``days_ahead`` days from today:
    for meetings whose local wall-clock time must not depend on when the test runs."""
    day = timezone.localdate() + timedelta(days=days_ahead)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class CourseRunFactory(factory.django.DjangoModelFactory):
    """A run with weekly meetings of two hours: ``meetings=4`` (default) of them, the first
    ``meetings__starts_in`` ahead (default a week), or at ``meetings__first`` (an aware
    moment; the following meetings keep its local time of day, across DST)."""

    class Meta:
        model = CourseRun
        skip_postgeneration_save = True

    location = factory.SubFactory(LocationFactory)
    seats = 8
    teacher = "Docent Jansen"

    @factory.post_generation
    def meetings(run, create, extracted, starts_in=timedelta(days=7), first=None, **kwargs):
        count = 4 if extracted is None else extracted
        if first is None:
            first = timezone.now().replace(microsecond=0) + starts_in
        else:
            first = timezone.localtime(first)  # weekly steps in local time keep the hour
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


def citizen(run, number, **extra):
    """Enrol citizen ``number`` (a name and a phone number of their own) through the engine."""
    from courses.runs.services.enrolment import enrol

    return enrol(run, name=f"Inwoner {number}", phone=f"06{number:08d}", **extra)
