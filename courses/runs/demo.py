"""Demo data for citizen courses: the finder, Klik & Tik and Digisterker, and runs at the
kopgroep locations in the coming weeks (some full, with a waitlist). Idempotent: a second
run changes nothing. The participants are made up."""

import datetime
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from courses.runs.models import CourseIndexPage, CoursePage, CourseRun, Meeting
from courses.runs.services import enrolment as enrolment_service
from ido_platform.core.demo import child_page
from ido_platform.core.holidays import is_public_holiday
from ido_platform.core.models import HomePage, Location, StandardPage

COURSES = {
    "klik-en-tik": {
        "title": "Klik & Tik",
        "summary": "Wilt u leren werken met een computer of tablet? In Klik & Tik leert u het "
        "stap voor stap. U oefent met de muis, het toetsenbord, internet en e-mail. "
        "U werkt in uw eigen tempo.",
        "who_for": "Voor iedereen die (bijna) nooit een computer gebruikt. U hoeft geen lid "
        "van de bibliotheek te zijn. De cursus is gratis.",
        "what_to_bring": "Niets. De bibliotheek heeft computers. Heeft u een eigen tablet of "
        "laptop? Dan mag u die meenemen.",
        "format_description": "8 lessen van 2 uur, in een kleine groep",
        "provider": "Stichting Oefenen.nl",
    },
    "digisterker": {
        "title": "Digisterker",
        "summary": "In Digisterker leert u werken met de websites van de overheid. U leert "
        "inloggen met DigiD en u oefent met Mijn Overheid en de website van uw gemeente.",
        "who_for": "Voor iedereen die al een beetje met een computer kan werken, maar het "
        "lastig vindt om zaken met de overheid online te regelen.",
        "what_to_bring": "Uw DigiD-gegevens als u die heeft, en uw mobiele telefoon. "
        "Geen laptop? U kunt er een lenen.",
        "format_description": "4 lessen van 2 uur, met een gecertificeerde docent",
        "provider": "Stichting Digisterker",
    },
}

# (course slug, location slug, seats, meetings, weeks from now, weekday, hour, demo people)
RUNS = [
    ("digisterker", "venlo", 8, 4, 1, 1, 10, 11),
    ("digisterker", "rivierenland", 8, 4, 2, 2, 14, 3),
    ("digisterker", "dbieb-leeuwarden", 8, 4, 1, 3, 10, 8),
    ("digisterker", "hengelo", 8, 4, 3, 0, 13, 2),
    ("digisterker", "rotterdam", 8, 4, 2, 1, 10, 5),
    ("digisterker", "midden-brabant", 8, 4, 2, 3, 14, 0),
    ("digisterker", "kennemerwaard", 8, 4, 4, 2, 10, 1),
    ("digisterker", "aanzet", 8, 4, 3, 4, 10, 0),
    ("klik-en-tik", "venlo", 6, 8, 1, 3, 14, 4),
    ("klik-en-tik", "rivierenland", 6, 8, 1, 0, 10, 9),
    ("klik-en-tik", "biblionet-groningen", 6, 8, 2, 2, 10, 2),
    ("klik-en-tik", "bieb-zaanstreek", 6, 8, 2, 1, 13, 6),
    ("klik-en-tik", "katwijk", 6, 8, 3, 3, 10, 0),
    ("klik-en-tik", "dalfsen-nieuwleusen", 6, 8, 2, 4, 10, 1),
    ("klik-en-tik", "gooi-en-meer", 6, 8, 1, 2, 14, 3),
    ("klik-en-tik", "zb-zeeland", 6, 8, 4, 1, 10, 0),
    ("klik-en-tik", "nieuwe-veste", 6, 8, 3, 0, 14, 2),
]

FIRST_NAMES = [
    "Anna",
    "Bram",
    "Carla",
    "Dirk",
    "Els",
    "Fatima",
    "Gerrit",
    "Hanneke",
    "Ismail",
    "Joke",
    "Kees",
    "Lies",
]
LAST_NAMES = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos"]


def load():
    """Load the course pages and demo runs (idempotent)."""
    with transaction.atomic():
        home = HomePage.objects.first()
        if home is None:
            return {}
        index = load_pages(home)
        runs = load_runs(index)
        state_retention_period()
    return {"course_index": index, "runs": runs}


def load_pages(home):
    index = child_page(
        home,
        CourseIndexPage,
        "cursussen",
        title="Cursussen voor inwoners",
        intro="<p>Leer werken met de computer, DigiD en de websites van de overheid. De "
        "cursussen zijn gratis. U hoeft geen lid te zijn van de bibliotheek.</p>",
    )
    for slug, fields in COURSES.items():
        child_page(index, CoursePage, slug, audience=CoursePage.Audience.CITIZENS, **fields)
    return index


def _first_day(weeks, weekday):
    today = timezone.localdate()
    return today + timedelta(weeks=weeks) + timedelta(days=(weekday - today.weekday()) % 7)


def weekly_meeting_days(first_day, count):
    """``count`` weekly meeting days from ``first_day``; a week whose day is a public
    holiday is left out, as a library would (the group meets again the week after)."""
    days, day = [], first_day
    while len(days) < count:
        if not is_public_holiday(day):
            days.append(day)
        day += timedelta(weeks=1)
    return days


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def load_runs(index):
    runs = []
    courses = {page.slug: page for page in CoursePage.objects.child_of(index)}
    locations = {location.slug: location for location in Location.objects.all()}
    person = 0
    for course_slug, location_slug, seats, meetings, weeks, weekday, hour, people in RUNS:
        course, location = courses.get(course_slug), locations.get(location_slug)
        if course is None or location is None:
            continue
        if CourseRun.objects.filter(course=course, location=location).exists():
            continue
        run = CourseRun.objects.create(
            course=course,
            location=location,
            seats=seats,
            teacher="Docent van de bibliotheek",
            room="Leescafé",
        )
        for day in weekly_meeting_days(_first_day(weeks, weekday), meetings):
            starts = _at(day, hour)
            Meeting.objects.create(run=run, starts_at=starts, ends_at=starts + timedelta(hours=2))
        run.refresh_from_db()
        for _ in range(people):
            person += 1
            name = (
                f"{FIRST_NAMES[person % len(FIRST_NAMES)]} {LAST_NAMES[person % len(LAST_NAMES)]}"
            )
            with_email = person % 3 == 0
            enrolment_service.enrol(
                run,
                name=name,
                phone=f"06{10000000 + person:08d}",
                email=f"deelnemer{person}@example.org" if with_email else "",
                intake=enrolment_service.Intake(
                    computer_comfort="bit", device="loan" if person % 2 else "own_laptop"
                ),
                source="desk" if person % 4 == 0 else "online",
                notify=False,
            )
        runs.append(run)
    return runs


RETENTION_HEADING = "Cursussen: hoe lang wij uw gegevens bewaren"


def state_retention_period():
    """Add the retention period of course data to the privacy statement (once)."""
    privacy = StandardPage.objects.filter(slug="privacyverklaring").first()
    if privacy is None:
        return
    if any(
        block.block_type == "heading" and block.value.get("text") == RETENTION_HEADING
        for block in privacy.body
    ):
        return
    months = settings.COURSES_RETENTION_MONTHS
    privacy.body.append(("heading", {"text": RETENTION_HEADING, "size": "h2"}))
    privacy.body.append(
        (
            "paragraph",
            f"<p>Meldt u zich aan voor een cursus? Dan bewaren wij uw naam, telefoonnummer en "
            f"e-mailadres tot {months} maanden na de laatste les. Daarna wissen wij deze "
            f"gegevens automatisch. Wij houden alleen tellingen over, zonder namen.</p>",
        )
    )
    privacy.save_revision().publish()
