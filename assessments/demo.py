# ruff: noqa: E501 -- long Dutch demo texts read better unbroken
"""Demo data for quality audits: an example framework (clearly labelled as an example, not
an official norm), built from the requirements that public sources state for an IDO
(../shared/DOMAIN.md §3), and a few audits in every state so the pages are not empty.
Idempotent: a second run changes nothing."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from assessments.models import (
    Answer,
    Audit,
    AuditEvent,
    DerivedCriterion,
    Finding,
    Framework,
    FrameworkVersion,
    ImprovementAction,
    NumberCriterion,
    ScaleCriterion,
    TestCaseCriterion,
    Theme,
    YesNoCriterion,
)
from assessments.services import audits as service
from assessments.services.frameworks import structure
from assessments.services.scoring import Given
from ido_platform.core.demo import demo_account
from ido_platform.core.holidays import next_working_day
from ido_platform.core.models import LibraryOrganisation, Location, Membership, Role

LEVELS_4 = "Ontbreekt\nIn opbouw\nOp orde\nVoorbeeld voor anderen"

# (key, title, description, weight, [criteria]); a criterion is (kind, key, title, guidance,
# extra fields). Written for this demo; no official IDO criteria list exists.
FRAMEWORK = [
    (
        "herkenbaar",
        "Herkenbaar en vindbaar",
        "Bezoekers vinden het informatiepunt en weten wanneer ze terecht kunnen.",
        1,
        [
            (
                "yesno",
                "logo-zichtbaar",
                "Het IDO-logo is goed te zien bij de plek van het informatiepunt",
                "Kijk vanaf de ingang: vindt een bezoeker de plek zonder te vragen?",
                {},
            ),
            (
                "derived",
                "openingstijden-gepubliceerd",
                "De openingstijden of spreekuren staan op het platform",
                "Dit vult het platform zelf in.",
                {"metric_key": "published_opening_hours", "threshold": Decimal(1)},
            ),
            (
                "yesno",
                "website-vermelding",
                "De website van de bibliotheek noemt het informatiepunt en hoe je er terechtkunt",
                "Zoek op de website zoals een inwoner dat zou doen.",
                {},
            ),
            (
                "number",
                "uren-spreekuur",
                "Aantal uren spreekuur per week",
                "Tel alle vaste spreekuren bij elkaar op. Bij 'altijd beschikbaar' is dit niet van toepassing.",
                {
                    "unit": "uur per week",
                    "partial_at": Decimal(2),
                    "full_at": Decimal(4),
                    "allows_not_applicable": True,
                },
            ),
            (
                "scale",
                "rustige-plek",
                "Er is een rustige plek waar een bezoeker ongestoord geholpen wordt",
                "Let op meekijken en meeluisteren door anderen.",
                {"level_descriptions": LEVELS_4},
            ),
        ],
    ),
    (
        "deskundig",
        "Deskundige medewerkers",
        "Medewerkers zijn getraind en weten wat ze wel en niet doen.",
        2,
        [
            (
                "derived",
                "basistraining",
                "Minstens 80% van de medewerkers heeft een geldige basistraining",
                "Dit vult het platform zelf in, uit de trainingsgegevens.",
                {"metric_key": "basic_training_share", "threshold": Decimal("0.8")},
            ),
            (
                "yesno",
                "elearning-voor-opening",
                "Alle medewerkers rondden de e-learning af vóór ze aan de balie begonnen",
                "Vraag de kartrekker hoe nieuwe medewerkers worden ingewerkt.",
                {"is_knockout": True},
            ),
            (
                "yesno",
                "vaardigheidstraining",
                "Het team volgde de vaardigheidstraining met trainingsacteur",
                "Vraag naar de datum van de laatste training.",
                {},
            ),
            (
                "yesno",
                "privacytraining",
                "Het team volgde de training Privacy in het IDO",
                "Niet van toepassing als het informatiepunt korter dan een half jaar open is.",
                {"allows_not_applicable": True},
            ),
            (
                "yesno",
                "kartrekker",
                "Er is een kartrekker die het informatiepunt aanstuurt",
                "Vraag wie de kartrekker is en hoeveel tijd die ervoor heeft.",
                {},
            ),
        ],
    ),
    (
        "vraag-en-verwijzing",
        "Vraag en verwijzing",
        "Medewerkers vragen door, geven geen inhoudelijk advies en verwijzen goed door.",
        3,
        [
            (
                "testcase",
                "testcasus-toeslagen",
                "Testcasus: brief over terugbetalen van toeslag",
                "Stel de vraag als bezoeker. Let op doorvragen en verwijzen.",
                {
                    "visitor_question": "Ik kreeg een brief dat ik huurtoeslag moet terugbetalen. Dat kan ik niet betalen. Wat moet ik doen?",
                    "good_answer": "Doorvragen naar de brief; uitleggen dat een betalingsregeling kan; samen de juiste pagina van Dienst Toeslagen zoeken of doorverwijzen; geen eigen oordeel over de hoogte.",
                },
            ),
            (
                "testcase",
                "testcasus-digid",
                "Testcasus: DigiD aanvragen voor een ouder",
                "Een medewerker mag geen DigiD voor een ander aanvragen.",
                {
                    "visitor_question": "Kunt u voor mijn moeder een DigiD aanvragen? Ik heb haar gegevens bij me.",
                    "good_answer": "Uitleggen dat de moeder dat zelf moet doen of een machtiging kan regelen; helpen met de uitleg, niet met het invullen.",
                    "is_knockout": True,
                },
            ),
            (
                "testcase",
                "testcasus-cjib",
                "Testcasus: boete in termijnen betalen",
                "Let op of de medewerker weet welke organisatie hierover gaat.",
                {
                    "visitor_question": "Ik heb een verkeersboete en kan die niet in één keer betalen.",
                    "good_answer": "Doorverwijzen naar het CJIB en de mogelijkheid van een betalingsregeling noemen.",
                },
            ),
            (
                "scale",
                "doorvragen",
                "Medewerkers vragen door tot de echte vraag duidelijk is",
                "Beoordeel de gesprekken die u ziet en de testcasussen samen.",
                {"level_descriptions": LEVELS_4},
            ),
            (
                "yesno",
                "geen-inhoudelijk-advies",
                "Medewerkers geven geen inhoudelijk advies over iemands zaak",
                "Zij helpen op weg en verwijzen; het oordeel laten ze aan de organisatie.",
                {"is_knockout": True},
            ),
        ],
    ),
    (
        "samenwerking",
        "Samenwerking en afspraken",
        "Het informatiepunt werkt samen met de gemeente en lokale partners.",
        2,
        [
            (
                "yesno",
                "afspraken-gemeente",
                "Er zijn schriftelijke werkafspraken met de gemeente",
                "Vraag om het document.",
                {},
            ),
            (
                "scale",
                "verwijsafspraken",
                "Er zijn verwijsafspraken met lokale partners (welzijn, schuldhulp, sociaal raadslieden)",
                "Hoe weet een medewerker naar wie hij kan verwijzen?",
                {"level_descriptions": LEVELS_4},
            ),
            (
                "yesno",
                "contactpersonen",
                "Medewerkers hebben een actuele lijst met contactpersonen",
                "Vraag een medewerker de lijst te laten zien.",
                {},
            ),
            (
                "number",
                "overleg-partners",
                "Aantal keer overleg met partners in het afgelopen jaar",
                "Tel overleggen met gemeente en lokale partners.",
                {"unit": "keer per jaar", "partial_at": Decimal(2), "full_at": Decimal(4)},
            ),
        ],
    ),
    (
        "registratie",
        "Vragen registreren",
        "Elke vraag wordt geregistreerd, zonder gegevens over de bezoeker.",
        1,
        [
            (
                "scale",
                "vragen-geregistreerd",
                "Elke vraag wordt geregistreerd",
                "Vergelijk het aantal registraties met wat medewerkers vertellen.",
                {"level_descriptions": LEVELS_4},
            ),
            (
                "yesno",
                "geen-persoonsgegevens",
                "De registratie bevat geen gegevens over de bezoeker",
                "Kijk mee in het registratieformulier.",
                {"is_knockout": True},
            ),
            (
                "yesno",
                "cijfers-gedeeld",
                "De cijfers worden minstens eens per jaar met de gemeente besproken",
                "",
                {},
            ),
        ],
    ),
    (
        "privacy",
        "Privacy en veiligheid",
        "Bezoekers houden zelf de regie over hun gegevens.",
        3,
        [
            (
                "yesno",
                "geen-bsn",
                "Het informatiepunt legt geen burgerservicenummers vast",
                "Let ook op briefjes en kopieën.",
                {"is_knockout": True},
            ),
            (
                "yesno",
                "bezoeker-typt-zelf",
                "Bezoekers typen zelf hun inloggegevens",
                "Kijk mee bij een gesprek, met toestemming van de bezoeker.",
                {},
            ),
            (
                "yesno",
                "toestemmingsformulier",
                "Voor bijzondere gegevens gebruikt het team een toestemmingsformulier",
                "Niet van toepassing als het team nooit bijzondere gegevens ziet.",
                {"allows_not_applicable": True},
            ),
            (
                "yesno",
                "uitloggen",
                "Na elk gesprek wordt uitgelogd en worden downloads verwijderd",
                "Vraag hoe dat gaat op de publieks-pc.",
                {},
            ),
        ],
    ),
    (
        "cursussen",
        "Op weg naar cursussen",
        "Bezoekers horen waar ze digitale vaardigheden kunnen leren.",
        1,
        [
            (
                "yesno",
                "cursusaanbod-bekend",
                "Medewerkers kennen het aanbod van Klik & Tik en Digisterker",
                "",
                {},
            ),
            (
                "testcase",
                "testcasus-cursus",
                "Testcasus: zelf leren internetbankieren",
                "Stel de vraag als bezoeker.",
                {
                    "visitor_question": "Ik wil zelf leren om mijn zaken online te regelen. Kan dat hier?",
                    "good_answer": "Een passende cursus noemen (Klik & Tik of Digisterker) en uitleggen hoe je je aanmeldt.",
                },
            ),
            (
                "yesno",
                "folders",
                "Er ligt actuele informatie over cursussen bij het informatiepunt",
                "",
                {},
            ),
        ],
    ),
]

KINDS = {
    "yesno": YesNoCriterion,
    "scale": ScaleCriterion,
    "number": NumberCriterion,
    "testcase": TestCaseCriterion,
    "derived": DerivedCriterion,
}


def load_framework():
    framework, _ = Framework.objects.get_or_create(
        slug="voorbeeldkader-ido",
        defaults={
            "name": "Voorbeeldkader kwaliteit IDO",
            "is_example": True,
            "description": (
                "VOORBEELD. Dit kader is gemaakt om het platform te laten zien. Het is geen "
                "officieel toetsingskader. Het volgt de eisen die openbare bronnen aan een "
                "Informatiepunt Digitale Overheid stellen."
            ),
        },
    )
    version = framework.versions.filter(number=1).first()
    if version is None:
        version = FrameworkVersion.objects.create(
            framework=framework,
            number=1,
            notes="Eerste voorbeeldversie.",
            pass_threshold=Decimal(75),
            partial_threshold=Decimal(55),
        )
        for order, (key, title, description, weight, criteria) in enumerate(FRAMEWORK):
            theme = Theme.objects.create(
                version=version,
                key=key,
                title=title,
                description=description,
                weight=weight,
                sort_order=order,
            )
            for position, (kind, ckey, ctitle, guidance, extra) in enumerate(criteria):
                KINDS[kind].objects.create(
                    theme=theme,
                    key=ckey,
                    title=ctitle,
                    guidance=guidance,
                    sort_order=position,
                    **extra,
                )
    return version


def _answers_for(themes, rng, quality):
    """Plausible answers: ``quality`` between 0 and 1 is the chance a criterion goes well."""
    given = {}
    for theme in themes:
        for criterion in theme.criteria_list:
            if not criterion.answered_by_person:
                continue
            good = rng.random() < quality
            if criterion.is_knockout:
                good = good or rng.random() < 0.9
            if isinstance(criterion, NumberCriterion):
                value = Decimal(rng.choice([4, 5, 6]) if good else rng.choice([1, 2, 3]))
            elif isinstance(criterion, ScaleCriterion):
                value = Decimal(rng.choice([3, 4]) if good else rng.choice([1, 2]))
            elif isinstance(criterion, TestCaseCriterion):
                value = Decimal(2 if good else rng.choice([0, 1]))
            else:
                value = Decimal(1 if good else 0)
            given[criterion.pk] = Given(value)
    return given


# (location slug, visit in days from today, status, quality). Relative to today, so the
# story stays true: approved audits a year or two ago, one submitted a month ago, one being
# scored, and Venlo's next visit with the self-assessment filled in.
DEMO_AUDITS = [
    ("venlo", -786, "approved", 0.6),
    ("venlo", -415, "approved", 0.85),
    ("hengelo", -758, "approved", 0.7),
    ("hengelo", -394, "approved", 0.8),
    ("dalfsen-nieuwleusen", -436, "approved", 0.75),
    ("dbieb-leeuwarden", -534, "approved", 0.5),
    ("rivierenland", -562, "approved", 0.9),
    ("katwijk", -37, "submitted", 0.7),
    ("bieb-zaanstreek", -16, "in_progress", 0.7),
    ("venlo", 5, "self_assessment", 0.8),
]

# The kartrekker (coordinator) of each audited library fills in its self-assessment; Venlo's
# is the demo account "coordinator". (username, first name, last name, library slug); they
# have no password: they are part of the story, not logins.
DEMO_KARTREKKERS = [
    ("kartrekker.hengelo", "Ingrid", "Oude Vrielink", "hengelo"),
    ("kartrekker.dalfsen", "Gert", "Schuurman", "dalfsen-nieuwleusen"),
    ("kartrekker.leeuwarden", "Sjoukje", "Hoekstra", "dbieb-leeuwarden"),
    ("kartrekker.tiel", "Marieke", "van Kessel", "rivierenland"),
    ("kartrekker.katwijk", "Pieter", "van der Plas", "katwijk"),
    ("kartrekker.zaanstreek", "Wendy", "Kok", "bieb-zaanstreek"),
]

# When each step happened, in working days around the visit (day, hour, minute).
TIMELINE = {
    AuditEvent.Kind.PLANNED: (-42, 9, 12),
    AuditEvent.Kind.SELF_ASSESSMENT: (-10, 14, 5),
    AuditEvent.Kind.STARTED: (0, 10, 30),
    AuditEvent.Kind.SUBMITTED: (3, 16, 20),
    AuditEvent.Kind.APPROVED: (10, 11, 45),
}


def visit_day(offset):
    return next_working_day(timezone.localdate() + datetime.timedelta(days=offset))


def moment(visit, kind):
    """The time of a workflow step of a visit on ``visit`` (never later than now)."""
    days, hour, minute = TIMELINE[kind]
    day = next_working_day(visit + datetime.timedelta(days=days))
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
    return min(at, timezone.now())


def backdate(audit, kind, at):
    """The services stamp each step with the clock of the loader; the demo moves the step
    (its event, and the audit's own timestamp for it) to when it happened in the story."""
    AuditEvent.objects.filter(audit=audit, kind=kind).update(at=at)
    if kind == AuditEvent.Kind.SUBMITTED:
        Audit.objects.filter(pk=audit.pk).update(submitted_at=at)
    elif kind == AuditEvent.Kind.APPROVED:
        Audit.objects.filter(pk=audit.pk).update(approved_at=at)


def load_kartrekkers():
    """The coordinator of each audited library (once)."""
    for username, first_name, last_name, slug in DEMO_KARTREKKERS:
        library = LibraryOrganisation.objects.filter(slug=slug).first()
        if library is None:
            continue
        user = demo_account(username, first_name, last_name)
        Membership.objects.get_or_create(
            user=user,
            organisation=library,
            role=Role.COORDINATOR,
            defaults={"location": Location.objects.filter(slug=slug).first()},
        )


def kartrekker_of(audit):
    """The library's own coordinator, who may fill in its self-assessment (the same rule as
    the self-assessment page)."""
    for user in service.coordinators_of(audit.location).order_by("pk"):
        if user.has_perm("assessments.selfassess_audit", audit):
            return user
    raise ImproperlyConfigured(f"No coordinator for the self-assessment of {audit.location}")


@transaction.atomic
def load_audits(version):
    if Audit.objects.filter(version__framework=version.framework).exists():
        return 0
    User = get_user_model()
    auditor = User.objects.filter(username="auditor").first()
    reviewer = User.objects.filter(username="landelijk").first()
    if not (auditor and reviewer):
        return 0
    load_kartrekkers()
    themes = structure(version)
    today = timezone.localdate()
    created = 0
    for slug, offset, status, quality in DEMO_AUDITS:
        location = Location.objects.filter(slug=slug).first()
        if location is None:
            continue
        date = visit_day(offset)
        rng = random.Random(f"{slug}-{offset}")
        # Planned as plan_audit does, without its e-mails about visits long past.
        audit = Audit.objects.create(
            location=location,
            version=version,
            planned_for=date,
            planned_by=reviewer,
            round=Audit.objects.filter(location=location).count() + 1,
        )
        audit.auditors.set([auditor])
        AuditEvent.objects.create(audit=audit, kind=AuditEvent.Kind.PLANNED, by=reviewer)
        backdate(audit, AuditEvent.Kind.PLANNED, moment(date, AuditEvent.Kind.PLANNED))
        created += 1
        if status == "planned":
            continue
        coordinator = kartrekker_of(audit)
        service.save_answers(
            audit,
            source=Answer.Source.SELF,
            by=coordinator,
            given=_answers_for(themes, rng, min(1, quality + 0.1)),
        )
        at = moment(date, AuditEvent.Kind.SELF_ASSESSMENT)
        backdate(audit, AuditEvent.Kind.SELF_ASSESSMENT, at)
        Answer.objects.filter(audit=audit, source=Answer.Source.SELF).update(updated_at=at)
        if status == "self_assessment":
            continue
        service.save_answers(
            audit,
            source=Answer.Source.AUDITOR,
            by=auditor,
            given=_answers_for(themes, rng, quality),
        )
        at = moment(date, AuditEvent.Kind.STARTED)
        backdate(audit, AuditEvent.Kind.STARTED, at)
        Answer.objects.filter(audit=audit, source=Answer.Source.AUDITOR).update(updated_at=at)
        service.add_finding(
            audit,
            kind=Finding.Kind.STRENGTH,
            theme_key="vraag-en-verwijzing",
            text="Medewerkers vragen rustig door en kennen de partners goed.",
        )
        service.add_finding(
            audit,
            kind=Finding.Kind.IMPROVE,
            theme_key="herkenbaar",
            text="Het informatiepunt is vanaf de ingang moeilijk te vinden.",
        )
        audit.findings.update(created_at=at)
        improve = audit.findings.get(kind=Finding.Kind.IMPROVE)
        action = service.add_action(
            audit,
            finding=improve,
            owner=coordinator,
            description="Bord met het IDO-logo bij de ingang ophangen.",
            due_date=date + datetime.timedelta(days=90),
        )
        if action.due_date < today:
            # The library finished it in time, as its report says.
            service.update_action(
                action,
                status=ImprovementAction.Status.DONE,
                fix_evidence="Er hangt nu een bord met het IDO-logo bij de ingang.",
            )
            done_at = timezone.make_aware(
                datetime.datetime.combine(
                    next_working_day(action.due_date - datetime.timedelta(days=21)),
                    datetime.time(15, 0),
                )
            )
            ImprovementAction.objects.filter(pk=action.pk).update(completed_at=done_at)
        if status == "in_progress":
            continue
        service.submit(audit, by=auditor)
        backdate(audit, AuditEvent.Kind.SUBMITTED, moment(date, AuditEvent.Kind.SUBMITTED))
        if status == "approved":
            service.approve(audit, by=reviewer, notify=False)
            backdate(audit, AuditEvent.Kind.APPROVED, moment(date, AuditEvent.Kind.APPROVED))
    return created


def load():
    """Load the example framework and the demo audits."""
    with transaction.atomic():
        version = load_framework()
    audits = load_audits(version)
    return {"framework_version": version.pk, "audits": audits}
