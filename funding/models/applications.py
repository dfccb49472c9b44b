"""Applications under a round, their steps (each an immutable event: who, when, why), the
locations they cover and the accountability report. The rules live in
``funding.services.applications``; these models only hold the record."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ido_platform.core.errors import ServiceRefusal
from ido_platform.core.models import LibraryOrganisation, Location

from .population import Municipality
from .rounds import SubsidyRound

HOURS_IN_A_WEEK = 168


class ImmutableRecordError(ServiceRefusal):
    """A step of an application, once recorded, never changes."""


def _money(label, **kwargs):
    return models.DecimalField(
        label, max_digits=12, decimal_places=0, null=True, blank=True, **kwargs
    )


class Application(models.Model):
    """A library organisation's application (aanvraag) under a round: one per organisation per
    round. Amounts are whole euros (Decimal), computed by the services, never typed."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        SUBMITTED = "submitted", _("Ingediend")
        INFO_REQUESTED = "info_requested", _("Meer informatie gevraagd")
        ASSESSED = "assessed", _("Beoordeeld, wacht op besluit")
        GRANTED = "granted", _("Verleend")
        REJECTED = "rejected", _("Afgewezen")
        ACCOUNTED = "accounted", _("Verantwoording ingediend")
        SETTLED = "settled", _("Vastgesteld")

    class Advice(models.TextChoices):
        GRANT = "grant", _("Verlenen")
        REJECT = "reject", _("Afwijzen")

    round = models.ForeignKey(
        SubsidyRound,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("regeling"),
    )
    organisation = models.ForeignKey(
        LibraryOrganisation,
        on_delete=models.PROTECT,
        related_name="funding_applications",
        verbose_name=_("bibliotheekorganisatie"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="applications", blank=True, verbose_name=_("gemeenten")
    )
    plan = models.TextField(_("plan in het kort"), blank=True)
    current_trained_staff = models.PositiveSmallIntegerField(
        _("medewerkers met basisopleiding nu"), default=0
    )
    planned_trained_staff = models.PositiveSmallIntegerField(
        _("medewerkers met basisopleiding straks"), default=0
    )
    inhabitants = models.PositiveIntegerField(_("inwoners werkgebied"), null=True, blank=True)
    target_inhabitants = models.PositiveIntegerField(_("inwoners doelgroep"), null=True, blank=True)
    formula_amount = _money(_("bedrag volgens de formule"))
    granted_amount = _money(_("verleend bedrag"))
    advance_amount = _money(_("voorschot"))
    settled_amount = _money(_("vastgesteld bedrag"))
    reclaim_amount = _money(_("terugvordering"))
    assessment_advice = models.CharField(
        _("advies"), max_length=10, choices=Advice.choices, blank=True
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besloten door"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    decided_at = models.DateTimeField(_("besluit op"), null=True, blank=True)
    settled_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)

    class Meta:
        ordering = ["round", "organisation__name"]
        verbose_name = _("subsidieaanvraag")
        verbose_name_plural = _("subsidieaanvragen")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"],
                name="funding_one_application_per_round",
                violation_error_message=_(
                    "Deze bibliotheekorganisatie heeft al een aanvraag voor deze regeling."
                ),
            )
        ]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self):
        return f"{self.organisation} – {self.round}"

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def remainder_amount(self):
        """What is paid after settlement (positive) once settled."""
        if self.settled_amount is None or self.advance_amount is None:
            return None
        return max(self.settled_amount - self.advance_amount, 0)


class ApplicationLocation(models.Model):
    """An IDO location the application covers, with its opening hours per week now and
    planned."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="locations", verbose_name=_("aanvraag")
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="+", verbose_name=_("IDO-locatie")
    )
    current_hours = models.DecimalField(
        _("openingsuren per week nu"),
        max_digits=5,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(HOURS_IN_A_WEEK)],
    )
    planned_hours = models.DecimalField(
        _("openingsuren per week gepland"),
        max_digits=5,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(HOURS_IN_A_WEEK)],
    )

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["location__name"]
        verbose_name = _("locatie in de aanvraag")
        verbose_name_plural = _("locaties in de aanvraag")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "location"], name="funding_location_once_per_application"
            ),
            models.CheckConstraint(
                condition=models.Q(current_hours__gte=0, current_hours__lte=HOURS_IN_A_WEEK)
                & models.Q(planned_hours__gte=0, planned_hours__lte=HOURS_IN_A_WEEK),
                name="funding_hours_within_a_week",
                violation_error_message=_("Een week heeft maar 168 uur."),
            ),
        ]

    def __str__(self):
        return f"{self.location}: {self.current_hours} → {self.planned_hours}"


class ApplicationEvent(models.Model):
    """One step of an application: who, when, why and, for money steps, the amount. Written
    once, never changed or deleted."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Ingediend")
        INFO_REQUESTED = "info_requested", _("Meer informatie gevraagd")
        ANSWERED = "answered", _("Informatie aangevuld")
        ASSESSED = "assessed", _("Beoordeeld")
        GRANTED = "granted", _("Verleend")
        REJECTED = "rejected", _("Afgewezen")
        CORRECTED = "corrected", _("Verleend bedrag gecorrigeerd")
        ADVANCE_CORRECTED = "advance_corrected", _("Voorschot aangepast")
        ACCOUNTED = "accounted", _("Verantwoording ingediend")
        SETTLED = "settled", _("Vastgesteld")
        REMINDED = "reminded", _("Herinnering verantwoording verstuurd")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="events", verbose_name=_("aanvraag")
    )
    kind = models.CharField(_("stap"), max_length=20, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    at = models.DateTimeField(_("op"))
    reason = models.TextField(_("toelichting"), blank=True)
    amount = _money(_("bedrag"))
    previous_amount = _money(_("vorig bedrag"))

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("stap in de aanvraag")
        verbose_name_plural = _("stappen in de aanvraag")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.at:%d-%m-%Y})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRecordError(_("Een vastgelegde stap kan niet meer veranderen."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(_("Een vastgelegde stap kan niet worden verwijderd."))


class Accountability(models.Model):
    """The accountability report (verantwoording) as submitted: the figures the platform
    filled in, frozen at submission, and the library's explanation."""

    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        related_name="accountability",
        verbose_name=_("aanvraag"),
    )
    figures = models.JSONField(_("cijfers van het platform"), default=list)
    explanation = models.TextField(_("toelichting van de bibliotheek"), blank=True)
    spent_amount = _money(_("besteed bedrag"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ingediend door"),
    )
    submitted_at = models.DateTimeField(_("ingediend op"))

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("verantwoording")
        verbose_name_plural = _("verantwoordingen")

    def __str__(self):
        return str(self.application)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRecordError(_("Een ingediende verantwoording kan niet meer veranderen."))
        super().save(*args, **kwargs)
