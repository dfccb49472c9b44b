from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdoPlatformConfig(AppConfig):
    name = "ido_platform"
    verbose_name = _("IDO-netwerk")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ido_platform import checks, permissions, signals  # noqa: F401

        permissions.register_rules()
