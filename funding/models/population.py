"""Population data: municipalities, inhabitants per municipality per year (from a CSV in the
layout of CBS municipality tables), and the municipalities each library organisation serves."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from ido_platform.core.models import LibraryOrganisation, Province


class Municipality(index.Indexed, models.Model):
    """A municipality (gemeente) by its CBS code, for example GM0983 for Venlo."""

    code = models.CharField(_("CBS-code"), max_length=6, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    province = models.CharField(_("provincie"), max_length=2, choices=Province.choices, blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    panels = [FieldRowPanel([FieldPanel("code"), FieldPanel("name")]), FieldPanel("province")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self):
        return f"{self.name} ({self.code})"


class PopulationFigure(models.Model):
    """Inhabitants of a municipality in a year, and optionally of the round's target group."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="figures", verbose_name=_("gemeente")
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    inhabitants = models.PositiveIntegerField(_("inwoners"))
    target_inhabitants = models.PositiveIntegerField(
        _("inwoners in de doelgroep"), null=True, blank=True
    )
    is_demo = models.BooleanField(
        _("demogegevens"), default=False, help_text=_("Voorbeeldcijfers, geen officiële cijfers.")
    )
    source = models.CharField(_("bron"), max_length=200, blank=True)
    imported_at = models.DateTimeField(_("ingelezen op"), auto_now=True)

    wagtail_reference_index_ignore = True
    panels = [
        FieldRowPanel([FieldPanel("municipality"), FieldPanel("year")]),
        FieldRowPanel([FieldPanel("inhabitants"), FieldPanel("target_inhabitants")]),
        FieldRowPanel([FieldPanel("source"), FieldPanel("is_demo")]),
    ]

    class Meta:
        ordering = ["-year", "municipality__name"]
        verbose_name = _("inwonertal")
        verbose_name_plural = _("inwonertallen")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"],
                name="funding_population_one_per_year",
                violation_error_message=_("Deze gemeente heeft al een inwonertal voor dit jaar."),
            )
        ]

    def __str__(self):
        return f"{self.municipality.name} {self.year}: {self.inhabitants}"


class WorkAreaMunicipality(models.Model):
    """A municipality in a library organisation's work area (werkgebied)."""

    organisation = models.ForeignKey(
        LibraryOrganisation,
        on_delete=models.CASCADE,
        related_name="work_area",
        verbose_name=_("bibliotheekorganisatie"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="served_by",
        verbose_name=_("gemeente"),
    )

    panels = [FieldPanel("organisation"), FieldPanel("municipality")]

    class Meta:
        ordering = ["organisation__name", "municipality__name"]
        verbose_name = _("gemeente in het werkgebied")
        verbose_name_plural = _("werkgebieden")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "municipality"],
                name="funding_work_area_unique",
                violation_error_message=_("Deze gemeente hoort al bij dit werkgebied."),
            )
        ]

    def __str__(self):
        return f"{self.organisation}: {self.municipality.name}"
