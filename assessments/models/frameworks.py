"""Quality frameworks as versioned data: a framework has versions, a version has themes, a
theme has criteria. A version that an audit has used is frozen; "editing" it means copying
it into a new version (``assessments.services.frameworks.new_version``)."""

from decimal import Decimal

from polymorphic.models import PolymorphicModel

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from ido_platform.core import metrics
from ido_platform.core.errors import ServiceRefusal


class FrozenVersionError(ServiceRefusal):
    """Raised when something tries to change a framework version that an audit has used."""


def _refuse_if_frozen(version_id):
    if version_id and FrameworkVersion.objects.filter(pk=version_id, audits__isnull=False).exists():
        raise FrozenVersionError(
            _(
                "Deze versie van het toetsingskader is al gebruikt in een audit en kan niet meer "
                "veranderen. Maak een nieuwe versie."
            )
        )


class Framework(index.Indexed, models.Model):
    """A quality framework (toetsingskader), e.g. "Kwaliteitskader IDO"."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("korte naam in de URL"), max_length=200, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)
    is_example = models.BooleanField(
        _("voorbeeld"),
        default=False,
        help_text=_("Een voorbeeldkader om het platform te leren kennen, geen officieel kader."),
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("is_example"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("toetsingskader")
        verbose_name_plural = _("toetsingskaders")

    def __str__(self):
        return f"{self.name} ({_('voorbeeld')})" if self.is_example else self.name


class FrameworkVersion(models.Model):
    """One version of a framework, with the score thresholds for the three outcomes."""

    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="versions", verbose_name=_("kader")
    )
    number = models.PositiveIntegerField(_("versienummer"))
    notes = models.TextField(_("wat is er veranderd?"), blank=True)
    pass_threshold = models.DecimalField(
        _("drempel 'voldoet' (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("80"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Vanaf deze totaalscore voldoet de locatie."),
    )
    partial_threshold = models.DecimalField(
        _("drempel 'voldoet gedeeltelijk' (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Vanaf deze totaalscore voldoet de locatie gedeeltelijk."),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    panels = [
        FieldPanel("framework"),
        FieldPanel("number"),
        FieldRowPanel([FieldPanel("pass_threshold"), FieldPanel("partial_threshold")]),
        FieldPanel("notes"),
    ]

    class Meta:
        ordering = ["framework__name", "-number"]
        verbose_name = _("kaderversie")
        verbose_name_plural = _("kaderversies")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"],
                name="framework_version_unique_number",
                violation_error_message=_("Dit kader heeft al een versie met dit nummer."),
            ),
            models.CheckConstraint(
                condition=models.Q(partial_threshold__lte=models.F("pass_threshold")),
                name="framework_version_partial_below_pass",
                violation_error_message=_(
                    "De drempel voor 'voldoet gedeeltelijk' mag niet hoger zijn dan die voor "
                    "'voldoet'."
                ),
            ),
        ]

    # The relations __str__ reads, joined when a list shows or exports it as text.
    STR_READS = ("framework",)

    def __str__(self):
        return f"{self.framework} – {_('versie')} {self.number}"

    def save(self, *args, **kwargs):
        _refuse_if_frozen(self.pk)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        _refuse_if_frozen(self.pk)

    @property
    def is_frozen(self):
        """True once an audit has used this version."""
        return self.pk is not None and self.audits.exists()

    def delete(self, *args, **kwargs):
        _refuse_if_frozen(self.pk)
        return super().delete(*args, **kwargs)


class Theme(models.Model):
    """A theme of a framework version (e.g. "Deskundig personeel"); ``key`` stays the same
    across versions so trends compare like with like."""

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="themes", verbose_name=_("versie")
    )
    key = models.SlugField(_("vaste sleutel"), max_length=60)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("gewicht"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    panels = [
        FieldPanel("version"),
        FieldRowPanel([FieldPanel("key"), FieldPanel("sort_order"), FieldPanel("weight")]),
        FieldPanel("title"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["version", "sort_order", "pk"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key"],
                name="theme_unique_key_per_version",
                violation_error_message=_("Deze versie heeft al een thema met deze sleutel."),
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        _refuse_if_frozen(self.version_id)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        _refuse_if_frozen(self.version_id)

    def delete(self, *args, **kwargs):
        _refuse_if_frozen(self.version_id)
        return super().delete(*args, **kwargs)


class Criterion(PolymorphicModel):
    """One criterion of a theme. The subclass says how it is answered and how an answer turns
    into a fraction of its weight (0 = not met, 1 = fully met)."""

    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("thema")
    )
    key = models.SlugField(
        _("vaste sleutel"),
        max_length=80,
        help_text=_("Blijft gelijk in nieuwe versies, zodat trends vergelijkbaar blijven."),
    )
    title = models.CharField(_("criterium"), max_length=300)
    guidance = models.TextField(_("toelichting voor de auditor"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("gewicht"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    is_knockout = models.BooleanField(
        _("knock-out"),
        default=False,
        help_text=_("Niet voldaan betekent: de locatie voldoet niet, wat de score ook is."),
    )
    allows_not_applicable = models.BooleanField(
        _("'niet van toepassing' toegestaan"), default=False
    )
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    kind_label = _("criterium")
    #: answered by a person (False for derived criteria: the platform answers).
    answered_by_person = True

    base_panels = [
        FieldPanel("theme"),
        FieldRowPanel([FieldPanel("key"), FieldPanel("sort_order"), FieldPanel("weight")]),
        FieldPanel("title"),
        FieldPanel("guidance"),
        FieldRowPanel([FieldPanel("is_knockout"), FieldPanel("allows_not_applicable")]),
    ]

    class Meta:
        ordering = ["theme", "sort_order", "pk"]
        verbose_name = _("criterium")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "key"],
                name="criterion_unique_key_per_theme",
                violation_error_message=_("Dit thema heeft al een criterium met deze sleutel."),
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        _refuse_if_frozen(self.theme.version_id if self.theme_id else None)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        _refuse_if_frozen(self.theme.version_id if self.theme_id else None)

    def delete(self, *args, **kwargs):
        _refuse_if_frozen(self.theme.version_id)
        return super().delete(*args, **kwargs)

    # How answers work, per kind -------------------------------------------------------
    def choices(self):
        """(value, label) pairs for the answer, or None for a free number."""
        raise NotImplementedError

    def fraction(self, value):
        """The share of the weight an answer earns, between 0 and 1."""
        raise NotImplementedError

    def describe(self, value):
        """The answer in words, for reports."""
        for choice, label in self.choices() or ():
            if Decimal(choice) == Decimal(value):
                return label
        return str(value)

    def copy_fields(self):
        """The field values that make this criterion, for copying into a new version."""
        skip = {"id", "pk", "theme", "polymorphic_ctype", "criterion_ptr"}
        return {
            field.name: getattr(self, field.name)
            for field in type(self)._meta.concrete_fields
            if field.name not in skip and not field.name.endswith("_ptr")
        }


class YesNoCriterion(Criterion):
    """Met or not met, e.g. "Het IDO-logo is zichtbaar bij de balie"."""

    kind_label = _("ja/nee")
    panels = Criterion.base_panels

    class Meta:
        verbose_name = _("ja/nee-criterium")
        verbose_name_plural = _("ja/nee-criteria")

    def choices(self):
        return [("1", _("Ja")), ("0", _("Nee"))]

    def fraction(self, value):
        return 1.0 if Decimal(value) >= 1 else 0.0


class ScaleCriterion(Criterion):
    """A scale from 1 to the number of levels, each level described in words."""

    level_descriptions = models.TextField(
        _("niveaus"),
        help_text=_("Eén omschrijving per regel, van laag naar hoog (bijvoorbeeld vier regels)."),
    )

    kind_label = _("schaal")
    panels = [*Criterion.base_panels, FieldPanel("level_descriptions")]

    class Meta:
        verbose_name = _("schaalcriterium")
        verbose_name_plural = _("schaalcriteria")

    def clean(self):
        super().clean()
        if len(self.levels) < 2:
            raise ValidationError({"level_descriptions": _("Geef minstens twee niveaus.")})

    @property
    def levels(self):
        return [line.strip() for line in self.level_descriptions.splitlines() if line.strip()]

    def choices(self):
        return [(str(n), f"{n}. {text}") for n, text in enumerate(self.levels, start=1)]

    def fraction(self, value):
        top = len(self.levels)
        return max(0.0, min(1.0, (float(value) - 1) / (top - 1))) if top > 1 else 0.0


class NumberCriterion(Criterion):
    """A number with thresholds, e.g. spreekuur hours per week: from ``partial_at`` half the
    weight, from ``full_at`` the full weight."""

    unit = models.CharField(_("eenheid"), max_length=60, blank=True)
    partial_at = models.DecimalField(_("half voldaan vanaf"), max_digits=10, decimal_places=2)
    full_at = models.DecimalField(_("helemaal voldaan vanaf"), max_digits=10, decimal_places=2)

    kind_label = _("getal")
    panels = [
        *Criterion.base_panels,
        FieldRowPanel([FieldPanel("unit"), FieldPanel("partial_at"), FieldPanel("full_at")]),
    ]

    class Meta:
        verbose_name = _("getalcriterium")
        verbose_name_plural = _("getalcriteria")

    def clean(self):
        super().clean()
        if (
            self.partial_at is not None
            and self.full_at is not None
            and self.partial_at > self.full_at
        ):
            raise ValidationError(
                {"full_at": _("'Helemaal voldaan' moet minstens 'half voldaan' zijn.")}
            )

    def choices(self):
        return None

    def fraction(self, value):
        value = Decimal(value)
        if value >= self.full_at:
            return 1.0
        if value >= self.partial_at:
            return 0.5
        return 0.0

    def describe(self, value):
        number = f"{Decimal(value).normalize():f}"
        return f"{number} {self.unit}".strip()


class TestCaseCriterion(Criterion):
    """A test case: the auditor asks a scripted visitor question and scores the answer
    (the "test material" of the CBCT method)."""

    visitor_question = models.TextField(_("vraag van de 'bezoeker'"))
    good_answer = models.TextField(_("wat hoort in een goed antwoord?"), blank=True)

    kind_label = _("testcasus")
    __test__ = False  # not a pytest test class, despite the name
    panels = [*Criterion.base_panels, FieldPanel("visitor_question"), FieldPanel("good_answer")]

    class Meta:
        verbose_name = _("testcasus")
        verbose_name_plural = _("testcasussen")

    def choices(self):
        return [
            ("2", _("Goed beantwoord of goed doorverwezen")),
            ("1", _("Deels goed")),
            ("0", _("Niet goed")),
        ]

    def fraction(self, value):
        return max(0.0, min(1.0, float(value) / 2))


class DerivedCriterion(Criterion):
    """Computed from platform data through a location metric (``ido_platform.core.metrics``):
    met when the value reaches the threshold. No value means "geen gegevens"."""

    # Chosen from the metrics registry: a misspelt key cannot be saved through a form.
    metric_key = models.CharField(
        _("gegeven van het platform"), max_length=80, choices=metrics.choices
    )
    threshold = models.DecimalField(
        _("voldaan vanaf"),
        max_digits=10,
        decimal_places=4,
        default=Decimal("1"),
        help_text=_("Bij een aandeel een getal tussen 0 en 1, bij ja/nee 1."),
    )

    kind_label = _("afgeleid uit platformgegevens")
    answered_by_person = False
    panels = [
        *Criterion.base_panels,
        FieldRowPanel([FieldPanel("metric_key"), FieldPanel("threshold")]),
    ]

    class Meta:
        verbose_name = _("afgeleid criterium")
        verbose_name_plural = _("afgeleide criteria")

    def choices(self):
        return None

    @property
    def metric_label(self):
        try:
            return metrics.get(self.metric_key).label
        except LookupError:
            return self.metric_key

    @staticmethod
    def as_number(raw):
        """A metric value as a Decimal (booleans as 1/0), or None."""
        if raw is None:
            return None
        if isinstance(raw, bool):
            return Decimal(int(raw))
        return Decimal(str(raw))

    def fraction(self, value):
        return 1.0 if Decimal(value) >= self.threshold else 0.0

    def describe(self, value):
        try:
            kind = metrics.get(self.metric_key).kind
        except LookupError:
            kind = "number"
        if kind == "boolean":
            return str(_("Ja")) if Decimal(value) >= 1 else str(_("Nee"))
        if kind == "ratio":
            return f"{Decimal(value) * 100:.0f}%"
        return f"{Decimal(value).normalize():f}"
