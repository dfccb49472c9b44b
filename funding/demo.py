"""Demo data for funding, through the services: population figures for the kopgroep
municipalities (written for this project, plausible, marked as demo figures, not CBS's),
work areas, a 2020–2021 round (all settled), a 2022 round (most granted pro rata, one in
assessment, one with a question) and next year's copy, open from a week ago. Idempotent."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from funding.models import Municipality, SubsidyRound, WorkAreaMunicipality
from funding.services import applications as service
from funding.services.population import import_population
from funding.services.rounds import new_version
from ido_platform.core import demo, people
from ido_platform.core.models import LibraryOrganisation, Membership, Organisation, Role

# library slug → (CBS code, municipality, demo inhabitants in 2020). Demo values, not CBS's.
MUNICIPALITIES = {
    "rivierenland": ("GM0281", "Tiel", 41_900),
    "biblionet-groningen": ("GM0014", "Groningen", 232_800),
    "bieb-zaanstreek": ("GM0479", "Zaanstad", 156_700),
    "kennemerwaard": ("GM0361", "Alkmaar", 109_400),
    "dbieb-leeuwarden": ("GM0080", "Leeuwarden", 123_900),
    "midden-brabant": ("GM0855", "Tilburg", 219_800),
    "hengelo": ("GM0164", "Hengelo", 81_000),
    "aanzet": ("GM0505", "Dordrecht", 119_300),
    "katwijk": ("GM0537", "Katwijk", 65_700),
    "rotterdam": ("GM0599", "Rotterdam", 651_400),
    "venlo": ("GM0983", "Venlo", 101_900),
    "dalfsen-nieuwleusen": ("GM0148", "Dalfsen", 28_800),
    "gooi-en-meer": ("GM1942", "Gooise Meren", 58_000),
    "zeeland": ("GM0687", "Middelburg", 48_700),
    "nieuwe-veste": ("GM0758", "Breda", 184_100),
}


def _at(year, month, day):
    return datetime.datetime(year, month, day, 10, 0, tzinfo=datetime.UTC)


def load():
    with transaction.atomic():
        load_population()
        libraries = load_work_areas()
        funder, approver = load_people()
        if not SubsidyRound.objects.filter(slug="demo-regeling-2020-2021").exists():
            load_first_round(libraries, funder, approver)
        if not SubsidyRound.objects.filter(slug="demo-regeling-2022").exists():
            load_second_round(libraries, funder, approver)
        load_next_round()


def load_population():
    last = timezone.localdate().year + 1
    lines = ["ID;RegioS;Gemeentenaam;Perioden;TotaleBevolking;Doelgroep"]
    for code, name, inhabitants in MUNICIPALITIES.values():
        for year in range(2019, last + 1):
            count = round(inhabitants * (1 + 0.004 * (year - 2020)))
            lines.append(f"{len(lines)};{code};{name};{year}JJ00;{count};{round(count * 0.19)}")
    import_population("\n".join(lines), source="Demogegevens (geen CBS-cijfers)", is_demo=True)


def load_work_areas():
    libraries = {}
    for slug, (code, _name, _count) in MUNICIPALITIES.items():
        library = LibraryOrganisation.objects.filter(slug=slug).first()
        if library is None:
            continue
        WorkAreaMunicipality.objects.get_or_create(
            organisation=library, municipality=Municipality.objects.get(code=code)
        )
        libraries[slug] = library
    return libraries


def load_people():
    """The demo funder ("landelijk") assesses; a second national person decides (four eyes)."""
    User = get_user_model()
    funder = User.objects.filter(username="landelijk").first()
    approver, created = User.objects.get_or_create(
        username="landelijk2",
        defaults={
            "first_name": "Sanne",
            "last_name": "de Jong",
            "email": "landelijk2@demo.ido.example",
        },
    )
    if created:
        demo.set_demo_password(approver, getattr(settings, "DEMO_PASSWORD", None))
        approver.save()
    kb = Organisation.objects.filter(slug="kb").first()
    if kb is not None:
        Membership.objects.get_or_create(user=approver, organisation=kb, role=Role.NATIONAL)
        people.sync_role_groups(approver)
    return funder or approver, approver


def _apply(subsidy_round, library, by, at):
    application = service.start(subsidy_round=subsidy_round, organisation=library, by=by, now=at)
    return service.submit(application, by=by, now=at)


def load_first_round(libraries, funder, approver):
    subsidy_round = SubsidyRound.objects.create(
        name="Tijdelijke regeling digitale inclusie 2020–2021 (demo)",
        slug="demo-regeling-2020-2021",
        year_start=2020,
        year_end=2021,
        purpose="Een informatiepunt in de bibliotheek, als aanvulling op de eigen inzet.",
        ceiling=Decimal(250_000),
        opens_on=datetime.date(2019, 10, 1),
        closes_on=datetime.date(2019, 12, 15),
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2021, 12, 31),
        accountability_due=datetime.date(2022, 3, 31),
        population_year=2020,
        rate_per_inhabitant=Decimal("0.08"),
        minimum_amount=Decimal(2_500),
        is_demo=True,
    )
    for index, library in enumerate(libraries.values()):
        application = _apply(subsidy_round, library, funder, _at(2019, 11, 1 + index))
        service.assess(
            application, by=funder, advice="grant", reason="Volledig.", now=_at(2020, 1, 6)
        )
        application = service.decide(application, by=approver, grant=True, now=_at(2020, 1, 10))
        application = service.submit_accountability(
            application, by=funder, explanation="Ingevuld door de demo.", now=_at(2022, 2, 15)
        )
        settled = application.granted_amount
        reason = ""
        if library.slug == "rotterdam":
            settled, reason = settled - Decimal(4_000), "Een locatie ging later open."
        service.settle(application, by=funder, amount=settled, reason=reason, now=_at(2022, 5, 1))


def load_second_round(libraries, funder, approver):
    subsidy_round = SubsidyRound.objects.create(
        name="Tijdelijke regeling digitale inclusie 2022 (demo)",
        slug="demo-regeling-2022",
        year_start=2022,
        year_end=2022,
        purpose="Meer opgeleide medewerkers en langere openingstijden van de informatiepunten.",
        ceiling=Decimal(1_700_000),
        opens_on=datetime.date(2021, 11, 1),
        closes_on=datetime.date(2021, 12, 15),
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2022, 12, 31),
        accountability_due=datetime.date(2023, 3, 31),
        population_year=2022,
        rate_per_inhabitant=Decimal("0.83"),
        is_demo=True,
    )
    applications = [
        _apply(subsidy_round, library, funder, _at(2021, 11, 15)) for library in libraries.values()
    ]
    for application in applications:
        slug = application.organisation.slug
        if slug == "katwijk":
            continue  # submitted, in assessment
        if slug == "hengelo":
            service.request_information(
                application,
                by=funder,
                question="Welke vestigingen gaan langer open?",
                now=_at(2021, 12, 1),
            )
            continue
        service.assess(
            application, by=funder, advice="grant", reason="Volledig.", now=_at(2022, 1, 5)
        )
        service.decide(application, by=approver, grant=True, now=_at(2022, 1, 12))


def load_next_round():
    """Next year's copy of the 2022 round, open from a week ago for a month (relative to
    today), so a demo coordinator can apply."""
    today = timezone.localdate()
    year = today.year + 1
    slug = f"demo-regeling-{year}"
    if SubsidyRound.objects.filter(slug=slug).exists():
        return
    original = SubsidyRound.objects.get(slug="demo-regeling-2022")
    new_version(
        original,
        years=year - original.year_start,
        name=f"Regeling digitale inclusie {year} (demo)",
        slug=slug,
        opens_on=today - datetime.timedelta(days=7),
        closes_on=today + datetime.timedelta(days=30),
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        accountability_due=datetime.date(year + 1, 3, 31),
        population_year=year,
    )
