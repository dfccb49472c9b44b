from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    """The course-run engine and the citizens' journey (label ``courses``, as the
    migrations and permission names use it)."""

    name = "courses.runs"
    label = "courses"
    verbose_name = _("Cursussen en trainingen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from courses.runs import metrics, signals  # noqa: F401 — receivers and location metrics
