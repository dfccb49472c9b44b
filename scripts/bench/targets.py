"""The pages `make bench` measures, on the demo data: one function per area, each returning
targets (name, path, optionally method/form and the demo user to log in as)."""

import time

from django.utils import timezone

from assessments.models import Audit
from courses.learning.models import LessonPage, ModuleIndexPage
from courses.runs.models import CoursePage
from courses.runs.services import finder
from ido_platform.core.models import Location, Membership, Role, ServiceProvider, Topic
from questions import synthetic
from questions.models import Visit
from scripts.bench.load import FRESH_ID


def site_targets():
    location = Location.objects.order_by("slug").first()
    return [
        {"name": "Startpagina", "path": "/"},
        {"name": "IDO-locaties", "path": "/locaties/"},
        {"name": "Locatiepagina", "path": f"/locaties/{location.slug}/"},
    ]


def course_targets():
    """The finder, a course page and an enrolment POST (the same person again after the
    first request, so the POST measures the whole locked enrol path with its double-submit
    check, and the run does not fill up)."""
    course = CoursePage.objects.live().filter(slug="digisterker").first()
    run = finder.upcoming_runs().filter(course=course).first() if course else None
    if course is None or run is None:
        return []
    return [
        {"name": "Cursusoverzicht (vinder)", "path": "/cursussen/"},
        {"name": "Cursuspagina Digisterker", "path": course.url},
        {
            "name": "Aanmelden (POST)",
            "path": f"/cursussen/aanmelden/{run.pk}/",
            "method": "POST",
            "form": {
                "name": "Bench Deelnemer",
                "phone": "0699999999",
                "computer_comfort": "bit",
                "device": "loan",
                "consent": "on",
            },
        },
    ]


def learning_targets():
    lesson = LessonPage.objects.live().order_by("path").first()
    catalogue = ModuleIndexPage.objects.live().first()
    result = []
    if catalogue is not None:
        result.append(
            {
                "name": "Trainingscatalogus (medewerker)",
                "path": catalogue.url,
                "username": "medewerker",
            }
        )
    if lesson is not None:
        result.append(
            {"name": "Lespagina (medewerker)", "path": lesson.url, "username": "medewerker"}
        )
    result.append(
        {
            "name": "Teamoverzicht trainingen (coördinator)",
            "path": "/training/team/",
            "username": "coordinator",
        }
    )
    return result


def audit_targets():
    audit = (
        Audit.objects.filter(
            auditors__username="auditor", status__in=("planned", "self_assessment", "in_progress")
        )
        .order_by("pk")
        .first()
    )
    found = []
    found.append(
        {
            "name": "Kwaliteit: landelijk dashboard",
            "path": "/kwaliteit/dashboard/",
            "username": "landelijk",
        }
    )
    if audit is not None:
        theme = audit.version.themes.order_by("sort_order").first()
        found.append(
            {
                "name": "Kwaliteit: scoreformulier (tablet)",
                "path": f"/kwaliteit/audits/{audit.pk}/scoren/{theme.key}/",
                "username": "auditor",
            }
        )
    return found


def registrations_up_to(total):
    """Fill the demo's registrations up to ``total`` visits with synthetic ones (bulk SQL,
    ``questions.synthetic``) at the kopgroep locations; returns the seconds it took."""
    started = time.monotonic()
    missing = total - Visit.objects.count()
    if missing > 0:
        synthetic.fill(
            missing,
            location_ids=list(
                Location.objects.filter(is_kopgroep=True).values_list("pk", flat=True)
            ),
            topic_ids=list(Topic.objects.values_list("pk", flat=True)),
            provider_ids=list(ServiceProvider.objects.values_list("pk", flat=True)),
        )
    return time.monotonic() - started


def question_targets():
    """A registration POST by an employee (a fresh registration id per request, made by the
    load generator, so every request inserts a visit and moves the rollups), and the
    national monitor at 10,000 and at 1,000,000 registrations (filled up just before it; the
    demo alone holds about 11,000, so the first row is the demo as it is)."""
    membership = (
        Membership.objects.filter(user__username="medewerker", role=Role.MEDEWERKER)
        .exclude(location=None)
        .first()
    )
    result = []
    if membership is not None:
        provider = ServiceProvider.objects.order_by("name").first()
        topic = Topic.objects.order_by("name").first()
        form = {
            "client_id": FRESH_ID,
            "location": str(membership.location_id),
            "channel": "desk",
            "day": timezone.localdate().isoformat(),
            "note": "",
            "vraag-TOTAL_FORMS": "1",
            "vraag-INITIAL_FORMS": "0",
            "vraag-MIN_NUM_FORMS": "1",
            "vraag-MAX_NUM_FORMS": "20",
            "vraag-0-kind": "government",
            "vraag-0-topic": str(topic.pk) if topic else "",
            "vraag-0-organisations": str(provider.pk) if provider else "",
            "vraag-0-action": "information",
            "vraag-0-duration": "lt5",
            "knop": "registreren",
        }
        result.append(
            {
                "name": "Vraag registreren (POST, medewerker)",
                "path": "/vragen/registreren/",
                "method": "POST",
                "form": form,
                "username": "medewerker",
            }
        )
    for total, label in ((10_000, "10k"), (1_000_000, "1M")):
        result.append(
            {
                "name": f"Vragenmonitor landelijk, {label} registraties",
                "path": "/vragen/monitor/",
                "username": "landelijk",
                "prepare": lambda total=total: registrations_up_to(total),
            }
        )
    return result


def all_targets():
    return [
        *site_targets(),
        *course_targets(),
        *learning_targets(),
        *audit_targets(),
        *question_targets(),
    ]
