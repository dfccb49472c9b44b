"""Pages of the citizen courses that `make bench` measures: the finder, a course page and
an enrolment POST (the same person again after the first request, so the POST measures the
whole locked enrol path with its double-submit check, and the run does not fill up)."""

from courses.models import CoursePage
from courses.services import finder


def targets():
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
