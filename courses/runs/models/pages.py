"""The course catalogue as Wagtail pages: the finder (``CourseIndexPage``, at /cursussen/) and
one ``CoursePage`` per course (Klik & Tik, Digisterker, the staff vaardigheidstraining...)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ido_platform.core.routing import KnownAncestorsMixin


class CourseIndexPage(KnownAncestorsMixin, Page):
    """The course finder: upcoming runs of citizen courses, filterable by place and course."""

    intro = RichTextField(_("inleiding"), features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["ido_platform.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1
    page_cache = True  # served to anonymous visitors from the cache (core/pagecache.py)

    class Meta:
        verbose_name = _("cursusoverzicht")

    def get_context(self, request, *args, **kwargs):
        from courses.runs.services import finder

        context = super().get_context(request, *args, **kwargs)
        context.update(finder.finder_context(self, request.GET))
        return context

    @cached_property
    def url(self):
        return super().url


class CoursePage(KnownAncestorsMixin, Page):
    """One course: a B1 description, who it is for, what to bring. Its runs are ``CourseRun``
    rows. ``audience`` says whether citizens or staff take it; the public finder lists only
    citizen courses."""

    class Audience(models.TextChoices):
        CITIZENS = "inwoners", _("inwoners")
        STAFF = "medewerkers", _("medewerkers")

    audience = models.CharField(
        _("voor wie"), max_length=20, choices=Audience.choices, default=Audience.CITIZENS
    )
    summary = models.TextField(
        _("korte uitleg (B1)"), help_text=_("Twee of drie korte zinnen in eenvoudige taal.")
    )
    who_for = models.TextField(_("voor wie is deze cursus?"), blank=True)
    what_to_bring = models.TextField(_("wat neemt u mee?"), blank=True)
    format_description = models.CharField(
        _("vorm"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: 4 lessen van 2 uur, in een kleine groep."),
    )
    body = RichTextField(
        _("meer informatie"), features=["h2", "h3", "bold", "link", "ul"], blank=True
    )
    provider = models.CharField(
        _("aanbieder van de cursus"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: Stichting Digisterker."),
    )

    completion_attendance = models.PositiveSmallIntegerField(
        _("aanwezigheid nodig om af te ronden (%)"),
        default=75,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Een deelnemer rondt de cursus af als hij bij minstens dit deel van de "
            "bijeenkomsten aanwezig was. Bij 75% en vier bijeenkomsten: drie keer aanwezig."
        ),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("who_for"),
        index.FilterField("audience"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("audience"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("who_for"),
                FieldPanel("what_to_bring"),
                FieldPanel("format_description"),
                FieldPanel("provider"),
                FieldPanel("completion_attendance"),
            ],
            heading=_("praktisch"),
        ),
        FieldPanel("body"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = []
    page_cache = True

    class Meta:
        verbose_name = _("cursus")
        verbose_name_plural = _("cursussen")

    def get_context(self, request, *args, **kwargs):
        from courses.runs.services import finder

        context = super().get_context(request, *args, **kwargs)
        context.update(finder.runs_for_course(self, request.GET))
        return context
