from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "courses.learning"
    label = "learning"
    verbose_name = _("E-learning voor medewerkers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import metrics  # noqa: F401 — registers the location metric
