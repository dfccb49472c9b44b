"""A subsidy round (regeling) as versioned data: its budget ceiling, windows, obligations and
formula. Once an application has been submitted under a round it is frozen; next year's
round is a copy (``funding.services.rounds.new_version``)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from ido_platform.core.errors import ServiceRefusal

ZERO = Decimal(0)


class FrozenRoundError(ServiceRefusal):
    """Raised when something tries to change a round that an application has used."""


FROZEN_MESSAGE = _(
    "Op deze regeling is al een aanvraag ingediend; ze kan niet meer veranderen. Maak een "
    "kopie voor een nieuwe versie."
)


def refuse_if_frozen(round_id):
    if round_id and SubsidyRound.objects.filter(pk=round_id).filter(_USED).exists():
        raise FrozenRoundError(FROZEN_MESSAGE)


# A round is used once any of its applications left the draft state.
_USED = Q(applications__isnull=False) & ~Q(applications__status="draft")


class SubsidyRound(index.Indexed, models.Model):
    """One subsidy round of the national funder (for example the KB's temporary scheme for
    2022): what it pays for, the ceiling, the application window, the period, the obligations
    and the formula: rate × inhabitants of the work area, optionally plus a rate × target-group
    inhabitants, then a minimum and a maximum per library."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("korte naam in de URL"), max_length=200, unique=True)
    year_start = models.PositiveSmallIntegerField(
        _("eerste jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    year_end = models.PositiveSmallIntegerField(
        _("laatste jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    purpose = models.TextField(_("waarvoor is het geld?"))
    ceiling = models.DecimalField(
        _("subsidieplafond (euro)"),
        max_digits=12,
        decimal_places=0,
        validators=[MinValueValidator(ZERO)],
    )
    opens_on = models.DateField(_("aanvragen vanaf"))
    closes_on = models.DateField(_("aanvragen tot en met"))
    period_start = models.DateField(_("begin van de subsidieperiode"))
    period_end = models.DateField(_("einde van de subsidieperiode"))
    accountability_due = models.DateField(_("verantwoording uiterlijk"))
    population_year = models.PositiveSmallIntegerField(
        _("jaar van de inwonertallen"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("De inwonertallen van dit jaar bepalen het bedrag."),
    )
    rate_per_inhabitant = models.DecimalField(
        _("bedrag per inwoner (euro)"),
        max_digits=8,
        decimal_places=4,
        validators=[MinValueValidator(ZERO)],
    )
    target_group_label = models.CharField(
        _("doelgroep"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: inwoners van 15 tot 75 jaar met hoogstens een vmbo-opleiding."),
    )
    rate_per_target_inhabitant = models.DecimalField(
        _("bedrag per inwoner van de doelgroep (euro)"),
        max_digits=8,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    minimum_amount = models.DecimalField(
        _("minimum per bibliotheek (euro)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    maximum_amount = models.DecimalField(
        _("maximum per bibliotheek (euro)"),
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    advance_percentage = models.PositiveSmallIntegerField(
        _("voorschot (% van de verlening)"),
        default=80,
        validators=[MaxValueValidator(100)],
    )
    requires_question_registration = models.BooleanField(
        _("verplicht: vragen registreren"), default=True
    )
    requires_basic_training = models.BooleanField(
        _("verplicht: medewerkers volgen de basisopleiding"), default=True
    )
    requires_audit = models.BooleanField(
        _("verplicht: een kwaliteitsaudit in de periode"), default=False
    )
    other_obligations = models.TextField(_("andere verplichtingen"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("kopie van"),
    )
    is_demo = models.BooleanField(
        _("demoregeling"), default=False, help_text=_("Voorbeeldgegevens, geen echte regeling.")
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("year_start"), FieldPanel("year_end"), FieldPanel("is_demo")]),
        FieldPanel("purpose"),
        MultiFieldPanel(
            [
                FieldPanel("ceiling"),
                FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")]),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                FieldRowPanel([FieldPanel("accountability_due"), FieldPanel("advance_percentage")]),
            ],
            heading=_("Budget en termijnen"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("population_year"), FieldPanel("rate_per_inhabitant")]),
                FieldRowPanel(
                    [FieldPanel("target_group_label"), FieldPanel("rate_per_target_inhabitant")]
                ),
                FieldRowPanel([FieldPanel("minimum_amount"), FieldPanel("maximum_amount")]),
            ],
            heading=_("Formule"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("requires_question_registration"),
                FieldPanel("requires_basic_training"),
                FieldPanel("requires_audit"),
                FieldPanel("other_obligations"),
            ],
            heading=_("Verplichtingen"),
        ),
    ]

    class Meta:
        ordering = ["-year_start", "name"]
        verbose_name = _("subsidieregeling")
        verbose_name_plural = _("subsidieregelingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="funding_round_window_in_order",
                violation_error_message=_("De aanvraagperiode eindigt voordat ze begint."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="funding_round_period_in_order",
                violation_error_message=_("De subsidieperiode eindigt voordat ze begint."),
            ),
            models.CheckConstraint(
                condition=Q(year_end__gte=F("year_start")),
                name="funding_round_years_in_order",
                violation_error_message=_("Het laatste jaar ligt voor het eerste jaar."),
            ),
            models.CheckConstraint(
                condition=Q(rate_per_inhabitant__gte=0)
                & (
                    Q(rate_per_target_inhabitant__isnull=True)
                    | Q(rate_per_target_inhabitant__gte=0)
                ),
                name="funding_round_rates_not_negative",
                violation_error_message=_("Een bedrag per inwoner kan niet negatief zijn."),
            ),
            models.CheckConstraint(
                condition=Q(minimum_amount__isnull=True)
                | Q(maximum_amount__isnull=True)
                | Q(maximum_amount__gte=F("minimum_amount")),
                name="funding_round_minimum_below_maximum",
                violation_error_message=_("Het minimum is hoger dan het maximum."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        refuse_if_frozen(self.pk)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_frozen(self.pk)
        return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        refuse_if_frozen(self.pk)
        errors = {}
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("De aanvraagperiode eindigt voordat ze begint.")
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("De subsidieperiode eindigt voordat ze begint.")
        if self.year_start and self.year_end and self.year_end < self.year_start:
            errors["year_end"] = _("Het laatste jaar ligt voor het eerste jaar.")
        if (
            self.period_end
            and self.accountability_due
            and self.accountability_due < self.period_end
        ):
            errors["accountability_due"] = _(
                "De verantwoording kan pas na het einde van de subsidieperiode."
            )
        if (
            self.minimum_amount is not None
            and self.maximum_amount is not None
            and self.maximum_amount < self.minimum_amount
        ):
            errors["maximum_amount"] = _("Het minimum is hoger dan het maximum.")
        for name in ("rate_per_inhabitant", "rate_per_target_inhabitant"):
            value = getattr(self, name)
            if value is not None and value < 0:
                errors[name] = _("Een bedrag per inwoner kan niet negatief zijn.")
        if self.rate_per_target_inhabitant is not None and not self.target_group_label:
            errors["target_group_label"] = _("Noem de doelgroep waarvoor het tweede bedrag geldt.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_frozen(self):
        """True once an application under this round has been submitted."""
        return (
            self.pk is not None and SubsidyRound.objects.filter(pk=self.pk).filter(_USED).exists()
        )

    def is_open(self, day):
        return self.opens_on <= day <= self.closes_on

    def obligations(self):
        """The obligations as Dutch sentences, for the page and the grant letter."""
        items = []
        if self.requires_question_registration:
            items.append(_("U registreert alle vragen aan het informatiepunt."))
        if self.requires_basic_training:
            items.append(_("Medewerkers van het informatiepunt volgen de basisopleiding."))
        if self.requires_audit:
            items.append(_("Elk informatiepunt heeft in de periode een kwaliteitsaudit."))
        items.extend(line.strip() for line in self.other_obligations.splitlines() if line.strip())
        return items
