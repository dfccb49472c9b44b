"""The IDO network: organisations (libraries, government service providers, support
organisations), IDO locations at library branches, and question/training topics."""

from urllib.parse import urlencode

from polymorphic.models import PolymorphicModel

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index


class Province(models.TextChoices):
    DRENTHE = "DR", "Drenthe"
    FLEVOLAND = "FL", "Flevoland"
    FRIESLAND = "FR", "Friesland"
    GELDERLAND = "GE", "Gelderland"
    GRONINGEN = "GR", "Groningen"
    LIMBURG = "LI", "Limburg"
    NOORD_BRABANT = "NB", "Noord-Brabant"
    NOORD_HOLLAND = "NH", "Noord-Holland"
    OVERIJSSEL = "OV", "Overijssel"
    UTRECHT = "UT", "Utrecht"
    ZEELAND = "ZE", "Zeeland"
    ZUID_HOLLAND = "ZH", "Zuid-Holland"


class DeliveryModel(models.TextChoices):
    """The three ways a library runs its IDO (Ecorys 2020)."""

    BASIS = "basis", _("Basis (vaste balie met spreekuren)")
    ALTIJD_BESCHIKBAAR = "altijd", _("Altijd beschikbaar (elke medewerker helpt)")
    BREED = "breed", _("Brede dienstverlening (met partners aan één balie)")


class Organisation(PolymorphicModel):
    """Any organisation in the IDO network; the subclass says which kind it is."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("korte naam in de URL"), max_length=200, unique=True)
    website = models.URLField(_("website"), blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self):
        return self.name

    @property
    def kind_label(self):
        return self.get_real_instance_class()._meta.verbose_name


class LibraryOrganisation(Organisation):
    """A public library organisation; it runs IDOs at one or more of its branches."""

    town = models.CharField(_("vestigingsplaats"), max_length=100, blank=True)
    province = models.CharField(_("provincie"), max_length=2, choices=Province.choices, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("town"), FieldPanel("province")]),
        FieldPanel("website"),
    ]

    class Meta:
        verbose_name = _("bibliotheekorganisatie")
        verbose_name_plural = _("bibliotheekorganisaties")


class ServiceProvider(Organisation):
    """A government service provider (uitvoeringsorganisatie) in the Manifestgroep,
    later the Netwerk van Publieke Dienstverleners. The list is data, not code."""

    abbreviation = models.CharField(_("afkorting"), max_length=30, blank=True)
    description = models.TextField(_("wat doet deze organisatie?"), blank=True)
    referral_notes = models.TextField(_("waar verwijs je naartoe?"), blank=True)
    is_manifestgroep_member = models.BooleanField(_("lid van de Manifestgroep"), default=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("abbreviation"), FieldPanel("slug")]),
        FieldPanel("website"),
        FieldPanel("description"),
        FieldPanel("referral_notes"),
        FieldPanel("is_manifestgroep_member"),
    ]

    class Meta:
        verbose_name = _("uitvoeringsorganisatie")
        verbose_name_plural = _("uitvoeringsorganisaties")


class SupportOrganisation(Organisation):
    """An organisation that supports libraries: the KB, the VOB, a POI, a municipality."""

    class Kind(models.TextChoices):
        KB = "kb", _("KB, de nationale bibliotheek")
        VOB = "vob", _("VOB, Vereniging van Openbare Bibliotheken")
        POI = "poi", _("Provinciale ondersteuningsinstelling (POI)")
        GEMEENTE = "gemeente", _("Gemeente")
        OTHER = "other", _("Anders")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    province = models.CharField(_("provincie"), max_length=2, choices=Province.choices, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("province")]),
        FieldPanel("website"),
    ]

    class Meta:
        verbose_name = _("ondersteuningsorganisatie")
        verbose_name_plural = _("ondersteuningsorganisaties")


class LocationQuerySet(models.QuerySet):
    """The one municipality filter: the course finder, the open data API and the questions
    monitor ask it the same way."""

    def in_municipality(self, municipality):
        """The locations in ``municipality``; case does not matter, as people type it."""
        return self.filter(municipality__iexact=municipality)

    def municipalities(self):
        """The municipalities these locations are in, each once, in alphabetical order."""
        return list(self.order_by("municipality").values_list("municipality", flat=True).distinct())


class Location(index.Indexed, ClusterableModel):
    """An IDO point at a library branch."""

    objects = LocationQuerySet.as_manager()

    organisation = models.ForeignKey(
        LibraryOrganisation,
        on_delete=models.PROTECT,
        related_name="locations",
        verbose_name=_("bibliotheekorganisatie"),
    )
    name = models.CharField(_("naam van de vestiging"), max_length=200)
    slug = models.SlugField(_("korte naam in de URL"), max_length=200, unique=True)
    street_address = models.CharField(_("straat en huisnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    town = models.CharField(_("plaats"), max_length=100)
    municipality = models.CharField(_("gemeente"), max_length=100)
    province = models.CharField(_("provincie"), max_length=2, choices=Province.choices)
    delivery_model = models.CharField(
        _("werkwijze"), max_length=10, choices=DeliveryModel.choices, default=DeliveryModel.BASIS
    )
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    opening_hours_note = models.CharField(
        _("toelichting op de openingstijden"), max_length=300, blank=True
    )
    opened_on = models.DateField(_("geopend op"), null=True, blank=True)
    is_kopgroep = models.BooleanField(
        _("kopgroep"), default=False, help_text=_("Een van de 15 eerste IDO's uit 2019.")
    )

    search_fields = [
        index.SearchField("name"),
        index.SearchField("town"),
        index.SearchField("municipality"),
        index.AutocompleteField("name"),
        index.FilterField("province"),
        index.FilterField("delivery_model"),
    ]

    panels = [
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("town")]),
                FieldRowPanel([FieldPanel("municipality"), FieldPanel("province")]),
            ],
            heading=_("Adres"),
        ),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("delivery_model"),
        InlinePanel("opening_hours", heading=_("Openingstijden"), label=_("dagdeel")),
        FieldPanel("opening_hours_note"),
        FieldRowPanel([FieldPanel("opened_on"), FieldPanel("is_kopgroep")]),
    ]

    def map_url(self):
        """A plain link to the address on OpenStreetMap: the page loads no map or script."""
        query = ", ".join(
            part for part in (self.street_address, f"{self.postcode} {self.town}".strip()) if part
        )
        return "https://www.openstreetmap.org/search?" + urlencode({"query": query})

    class Meta:
        ordering = ["town", "name"]
        verbose_name = _("IDO-locatie")
        verbose_name_plural = _("IDO-locaties")

    def __str__(self):
        return f"{self.name} ({self.town})"

    def get_absolute_url(self):
        from .pages import location_index_page

        return location_index_page().url_for(self)


class OpeningHours(Orderable):
    """One published opening period of an IDO, e.g. Tuesday 10:00-12:00 spreekuur."""

    class Weekday(models.IntegerChoices):
        MONDAY = 1, _("maandag")
        TUESDAY = 2, _("dinsdag")
        WEDNESDAY = 3, _("woensdag")
        THURSDAY = 4, _("donderdag")
        FRIDAY = 5, _("vrijdag")
        SATURDAY = 6, _("zaterdag")
        SUNDAY = 7, _("zondag")

    location = ParentalKey(
        Location,
        verbose_name=_("IDO-locatie"),
        on_delete=models.CASCADE,
        related_name="opening_hours",
    )
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday.choices)
    opens = models.TimeField(_("van"))
    closes = models.TimeField(_("tot"))
    is_spreekuur = models.BooleanField(
        _("spreekuur"), default=False, help_text=_("Vast spreekuur in plaats van vrije inloop.")
    )

    panels = [
        FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")]),
        FieldPanel("is_spreekuur"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("openingstijd")
        verbose_name_plural = _("openingstijden")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")),
                name="opening_hours_close_after_open",
                violation_error_message=_("De sluitingstijd moet na de openingstijd liggen."),
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Topic(models.Model):
    """A subject citizens ask about and staff train on (DigiD, huurtoeslag, ...), linked to
    the service providers it concerns."""

    name = models.CharField(_("naam"), max_length=120, unique=True)
    slug = models.SlugField(_("korte naam in de URL"), max_length=120, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)
    service_providers = models.ManyToManyField(
        ServiceProvider,
        related_name="topics",
        blank=True,
        verbose_name=_("uitvoeringsorganisaties"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("service_providers"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")

    def __str__(self):
        return self.name
