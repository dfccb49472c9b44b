"""The training catalogue as Wagtail pages: catalogue → module → lessons and one quiz;
learning paths combine modules (and the classroom skills training) into one programme."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.learning.blocks import LessonStreamBlock
from courses.learning.services import classroom
from ido_platform.core.routing import KnownAncestorsMixin

from .questions import Question


class ModuleKind(models.TextChoices):
    CONVERSATION = "gesprek", _("Gespreksvaardigheden")
    PRIVACY = "privacy", _("Privacy")
    PARTNER = "partner", _("Partneronderwerp")


class StaffOnlyPage(KnownAncestorsMixin, Page):
    """A page only for signed-in people with a role in the network (or superusers)."""

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if not request.user.has_perm("learning.follow_training"):
            raise PermissionDenied
        return super().serve(request, *args, **kwargs)


class ModuleIndexPage(StaffOnlyPage):
    """The training catalogue (/leren/): every module grouped by kind, the learning paths and
    the employee's own status and certificates."""

    intro = RichTextField(_("inleiding"), features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["ido_platform.HomePage"]
    subpage_types = ["learning.TrainingModulePage", "learning.LearningPathPage"]
    max_count = 1
    template = "learning/module_index_page.html"

    class Meta:
        verbose_name = _("trainingscatalogus")

    def get_context(self, request, *args, **kwargs):
        from courses.learning.services import catalogue

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue.catalogue_for(request.user, self))
        return context


class TrainingModulePage(StaffOnlyPage):
    """One e-learning module: lessons (child pages) and one quiz. Completing it (all lessons
    done and the quiz passed) gives a certificate, valid for ``validity_months`` if set."""

    kind = models.CharField(_("soort module"), max_length=20, choices=ModuleKind.choices)
    intro = models.TextField(_("korte omschrijving"))
    learning_goals = models.TextField(
        _("leerdoelen"), help_text=_("Eén leerdoel per regel."), blank=True
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("geschatte duur in minuten"), default=30, validators=[MinValueValidator(1)]
    )
    topic = models.ForeignKey(
        "ido_platform.Topic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_modules",
        verbose_name=_("onderwerp"),
    )
    service_providers = ParentalManyToManyField(
        "ido_platform.ServiceProvider",
        blank=True,
        related_name="training_modules",
        verbose_name=_("uitvoeringsorganisaties"),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("geldigheid in maanden"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Leeg laten als de module nooit verloopt. Daarna is een opfrisser nodig."),
    )

    search_fields = [*Page.search_fields, index.SearchField("intro")]
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("estimated_minutes")]),
        FieldPanel("intro"),
        FieldPanel("learning_goals"),
        FieldRowPanel([FieldPanel("topic"), FieldPanel("validity_months")]),
        FieldPanel("service_providers"),
    ]
    parent_page_types = ["learning.ModuleIndexPage"]
    subpage_types = ["learning.LessonPage", "learning.QuizPage"]
    template = "learning/training_module_page.html"

    class Meta:
        verbose_name = _("e-learningmodule")
        verbose_name_plural = _("e-learningmodules")

    @property
    def goals(self):
        return [line.strip() for line in self.learning_goals.splitlines() if line.strip()]

    def lessons(self):
        return LessonPage.objects.live().child_of(self).order_by("path")

    def quiz(self):
        return QuizPage.objects.live().child_of(self).order_by("path").first()

    def get_context(self, request, *args, **kwargs):
        from courses.learning.services import progress

        context = super().get_context(request, *args, **kwargs)
        context["state"] = progress.module_state(request.user, self)
        return context


class LessonPage(StaffOnlyPage):
    """A lesson: text, images, video, casus, tips, checklists and documents. Opening it is
    remembered (resume); the employee marks it done."""

    intro = models.TextField(_("inleiding"), blank=True)
    body = StreamField(LessonStreamBlock(), verbose_name=_("inhoud"))
    estimated_minutes = models.PositiveSmallIntegerField(
        _("geschatte duur in minuten"), default=10, validators=[MinValueValidator(1)]
    )

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    parent_page_types = ["learning.TrainingModulePage"]
    subpage_types = []
    template = "learning/lesson_page.html"

    class Meta:
        verbose_name = _("les")
        verbose_name_plural = _("lessen")

    def get_context(self, request, *args, **kwargs):
        from courses.learning.services import progress

        context = super().get_context(request, *args, **kwargs)
        context.update(progress.lesson_context(request.user, self, is_preview=request.is_preview))
        return context


class QuizPage(StaffOnlyPage):
    """The closing quiz of a module: pass mark (percentage of correct answers) and the
    number of attempts an employee gets."""

    intro = models.TextField(_("inleiding"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("slaaggrens in procenten"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("aantal pogingen"), default=3, validators=[MinValueValidator(1)]
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("max_attempts")]),
        HelpPanel(
            content=_(
                "De vragen van deze toets schrijf je in het menu E-learning, per soort vraag "
                "(meerkeuze, waar/niet waar, volgorde, scenario). Kies daar deze toets. Een "
                "nieuwe of gewijzigde vraag stuur je ter beoordeling in. Medewerkers zien de "
                "vraag pas als de beoordelaars van de e-learning haar hebben gepubliceerd."
            ),
            heading=_("Vragen"),
        ),
    ]
    parent_page_types = ["learning.TrainingModulePage"]
    subpage_types = []
    template = "learning/quiz_page.html"

    class Meta:
        verbose_name = _("toets")
        verbose_name_plural = _("toetsen")

    @cached_property
    def module(self):
        return TrainingModulePage.objects.get(pk=self.get_parent().pk)

    def ordered_questions(self):
        """The published questions a learner answers (a draft or an unpublished question
        is left out; a published question with pending changes shows the approved text)."""
        return (
            Question.objects.filter(quiz=self, live=True)
            .prefetch_related("choices")
            .order_by("sort_order", "pk")
        )

    def get_context(self, request, *args, **kwargs):
        from courses.learning.services import quizzes

        context = super().get_context(request, *args, **kwargs)
        context.update(quizzes.quiz_context(request.user, self))
        return context


class LearningPathPage(StaffOnlyPage):
    """A programme of parts (modules, and the classroom skills training as a staff course).
    Complete when every part is. The basic training (*Basisopleiding IDO-medewerker*) is the
    path marked ``is_basic_training``: audits count who has it."""

    intro = models.TextField(_("korte omschrijving"))
    is_basic_training = models.BooleanField(
        _("dit is de basisopleiding"),
        default=False,
        help_text=_("De kwaliteitstoetsing telt wie deze leerroute geldig heeft afgerond."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("is_basic_training"),
        InlinePanel("parts", heading=_("Onderdelen"), label=_("onderdeel"), min_num=1),
    ]
    parent_page_types = ["learning.ModuleIndexPage"]
    subpage_types = []
    template = "learning/learning_path_page.html"

    class Meta:
        verbose_name = _("leerroute")
        verbose_name_plural = _("leerroutes")

    def get_context(self, request, *args, **kwargs):
        from courses.learning.services import paths

        context = super().get_context(request, *args, **kwargs)
        context.update(paths.path_context(request.user, self))
        return context


class LearningPathPart(Orderable):
    """One part of a learning path: an e-learning module or a classroom course (a staff
    ``courses.CoursePage`` of the course-run engine)."""

    path = ParentalKey(
        LearningPathPage, verbose_name=_("leerlijn"), on_delete=models.CASCADE, related_name="parts"
    )
    module = models.ForeignKey(
        TrainingModulePage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-learningmodule"),
    )
    # A plain page link so this app does not depend on the course engine's migrations; the
    # service checks that it is a staff course page.
    course_page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("klassikale training"),
    )
    description = models.CharField(_("toelichting"), max_length=250, blank=True)

    panels = [
        PageChooserPanel("module", "learning.TrainingModulePage"),
        PageChooserPanel("course_page"),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("onderdeel van een leerroute")
        verbose_name_plural = _("onderdelen van een leerroute")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(module__isnull=False, course_page__isnull=True)
                    | models.Q(module__isnull=True, course_page__isnull=False)
                ),
                name="learning_path_part_module_xor_course",
                violation_error_message=_(
                    "Kies een e-learningmodule óf een klassikale training, niet allebei."
                ),
            )
        ]

    def clean(self):
        if bool(self.module_id) == bool(self.course_page_id):
            raise ValidationError(
                _("Kies een e-learningmodule óf een klassikale training, niet allebei.")
            )
        if self.course_page_id and not classroom.is_staff_course(self.course_page_id):
            raise ValidationError(
                {"course_page": _("Kies een cursus voor medewerkers (een cursuspagina).")}
            )

    def __str__(self):
        return str(self.module or self.course_page)
