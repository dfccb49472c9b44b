from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "questions"
    label = "questions"
    verbose_name = _("Vraagregistratie")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers the period figure (funding), the location metric (audits) and the
        # training needs (team dashboard).
        from questions import metrics  # noqa: F401

        # Registers the questions-per-topic breakdown (funding accountability).
        from questions.services import accounting  # noqa: F401
