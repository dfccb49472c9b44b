from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    label = "funding"
    verbose_name = _("Subsidie")
    default_auto_field = "django.db.models.BigAutoField"
