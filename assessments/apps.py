from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Kwaliteitstoetsing")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from assessments import metrics  # noqa: F401 — registers the figures other apps read
