"""The pages `make bench` measures, on the demo data: one function per area, each returning
targets (name, path, optionally method/form and the demo user to log in as)."""

from assessments.models import Audit
from courses.learning.models import LessonPage, ModuleIndexPage
from courses.runs.models import CoursePage
from courses.runs.services import finder
from ido_platform.core.models import Location


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


def all_targets():
    return [*site_targets(), *course_targets(), *learning_targets(), *audit_targets()]
