from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdoPlatformConfig(AppConfig):
    """The shared ground floor: the IDO network, people and roles, the outbox, PDFs.

    The label stays ``ido_platform`` (migrations and permission names use it)."""

    name = "ido_platform.core"
    label = "ido_platform"
    verbose_name = _("IDO-netwerk")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ido_platform.core import checks, permissions, signals, site_chrome  # noqa: F401

        permissions.register_rules()
