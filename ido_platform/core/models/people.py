"""People and roles: a staff account belongs to an organisation (and optionally one of its
IDO locations) in a role. Citizens never get an account."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from ido_platform.core import formatting

from .network import LibraryOrganisation, Location, Organisation


class Role(models.TextChoices):
    MEDEWERKER = "medewerker", _("IDO-medewerker")
    COORDINATOR = "coordinator", _("IDO-coördinator / kartrekker")
    AUDITOR = "auditor", _("Auditor")
    EDITOR = "editor", _("Redacteur")
    NATIONAL = "national", _("Landelijk beheerder")
    # A service provider's analyst (Belastingdienst, DUO, ...): aggregated question figures
    # about their own organisation only, small numbers hidden; not library staff.
    PARTNER_ANALYST = "partner_analyst", _("Partneranalist")


class Membership(models.Model):
    """A user's role in an organisation, optionally narrowed to one IDO location."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("gebruiker"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisatie"),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
        verbose_name=_("IDO-locatie"),
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    panels = [
        FieldPanel("user"),
        FieldPanel("organisation"),
        FieldPanel("location"),
        FieldPanel("role"),
    ]

    class Meta:
        ordering = ["organisation__name", "user__last_name", "user__first_name"]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                name="membership_unique_role_per_organisation",
                violation_error_message=_("Deze persoon heeft deze rol al bij deze organisatie."),
            )
        ]

    def __str__(self):
        return f"{formatting.person_name(self.user)}: {self.get_role_display()}"

    def clean(self):
        if self.location_id and self.location.organisation_id != self.organisation_id:
            raise ValidationError(
                {"location": _("Deze locatie hoort niet bij de gekozen organisatie.")}
            )
        needs_library = self.role in {Role.MEDEWERKER, Role.COORDINATOR}
        if (
            needs_library
            and self.organisation_id
            and not isinstance(self.organisation.get_real_instance(), LibraryOrganisation)
        ):
            raise ValidationError(
                {"organisation": _("Medewerkers en coördinatoren horen bij een bibliotheek.")}
            )
