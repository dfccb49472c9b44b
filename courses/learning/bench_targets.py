"""Pages of staff e-learning that `make bench` measures (on the demo data)."""

from courses.learning.models import LessonPage, ModuleIndexPage


def targets():
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
