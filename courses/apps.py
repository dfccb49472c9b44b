from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Cursussen en trainingen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from courses import metrics, signals  # noqa: F401 — receivers and location metrics
