"""Staff e-learning in the Wagtail admin: quiz questions per type (editors), and progress,
attempts, extra attempts granted, completions and certificates (read-only, scoped by the
rules, exportable)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from courses.learning.models import (
    QUESTION_TYPES,
    AttemptGrant,
    Certificate,
    Choice,
    Completion,
    DigestSent,
    LessonCompletion,
    ModuleProgress,
    MultipleChoiceQuestion,
    OrderingQuestion,
    Question,
    QuizAttempt,
    ReminderSent,
    ScenarioQuestion,
    SingleChoiceQuestion,
    TrainingModulePage,
    TrueFalseQuestion,
)
from courses.learning.services import quizzes
from ido_platform.core import permissions
from ido_platform.core.admin_actions import ServiceDeleteAction, refusing
from ido_platform.core.admin_views import RecordViewSet as NationalRecordViewSet
from ido_platform.core.admin_views import (
    ScopedDeleteView,
    ScopedIndexView,
    ScopedModelViewSet,
    SpreadsheetExportMixin,
)
from ido_platform.core.permissions import RulesPermissionPolicy

for _model in (
    Question,
    *QUESTION_TYPES,
    Choice,
    Completion,
    Certificate,
    LessonCompletion,
    QuizAttempt,
    AttemptGrant,
    ModuleProgress,
):
    register_permission_policy(_model, RulesPermissionPolicy(_model), exact_class=True)


RecordDeleteAction = refusing(
    _(
        "Dit is een opleidingsgegeven van een medewerker (pogingen, afrondingen en "
        "certificaten tellen mee voor de regels en moeten controleerbaar blijven). Het "
        "beheer verwijdert het niet."
    )
)


class QuestionDeleteAction(ServiceDeleteAction):
    """A question that attempts answered is taken offline, never deleted (the service)."""

    def end(self, instance, user):
        quizzes.delete_question(instance)


QUESTION_MODELS = (Question, *QUESTION_TYPES)


@hooks.register("register_actions")
def register_learning_actions(registry):
    for model in QUESTION_MODELS:
        registry.register(model, QuestionDeleteAction)
    for model in (
        Completion,
        Certificate,
        LessonCompletion,
        QuizAttempt,
        AttemptGrant,
        ModuleProgress,
    ):
        registry.register(model, RecordDeleteAction)


class QuestionIndexView(SpreadsheetExportMixin, snippet_views.IndexView):
    """The questions of one type, with their review status, exported like every list."""

    def get_base_queryset(self):
        return permissions.scope(self.request.user, super().get_base_queryset(), "view")


class QuestionDeleteView(ScopedDeleteView, snippet_views.DeleteView):
    """The reviewing group deletes; a refusal of the service is shown as a message."""


class QuestionViewSet(SnippetViewSet):
    """One viewset per question type: the form follows the type's panels. Questions have
    drafts, revisions and history, and go through the e-learning review workflow: an
    editor saves and submits, the reviewing group publishes (``learning.rules``)."""

    icon = "help"
    list_display = ["text", "quiz", "sort_order", LiveStatusTagColumn()]
    list_filter = ["quiz", "live"]
    search_fields = ["text", "quiz__title"]
    list_export = ["quiz", "text", "explanation", "sort_order", "live"]
    index_view_class = QuestionIndexView
    delete_view_class = QuestionDeleteView
    inspect_view_enabled = False
    copy_view_enabled = False
    search_backend_name = None
    # The questions have their own menu items under E-learning, not under "Snippets".
    menu_item_is_registered = True


class SingleChoiceViewSet(QuestionViewSet):
    model = SingleChoiceQuestion
    base_url_path = "training/vragen/meerkeuze"
    admin_url_namespace = "learning_single_choice"
    menu_label = _("Meerkeuzevragen (één antwoord)")
    export_filename = "meerkeuzevragen"


class MultipleChoiceViewSet(QuestionViewSet):
    model = MultipleChoiceQuestion
    base_url_path = "training/vragen/meer-antwoorden"
    admin_url_namespace = "learning_multiple_choice"
    menu_label = _("Meerkeuzevragen (meer antwoorden)")
    export_filename = "meerkeuzevragen-meer-antwoorden"


class TrueFalseViewSet(QuestionViewSet):
    model = TrueFalseQuestion
    base_url_path = "training/vragen/waar-niet-waar"
    admin_url_namespace = "learning_true_false"
    menu_label = _("Waar/niet waar-vragen")
    export_filename = "waar-niet-waar-vragen"


class OrderingViewSet(QuestionViewSet):
    model = OrderingQuestion
    base_url_path = "training/vragen/volgorde"
    admin_url_namespace = "learning_ordering"
    menu_label = _("Volgordevragen")
    export_filename = "volgordevragen"


class ScenarioViewSet(QuestionViewSet):
    model = ScenarioQuestion
    base_url_path = "training/vragen/scenario"
    admin_url_namespace = "learning_scenario"
    menu_label = _("Scenariovragen")
    export_filename = "scenariovragen"
    list_display = ["situation", "text", "quiz", LiveStatusTagColumn()]
    search_fields = ["situation", "text", "quiz__title"]


class RecordIndexView(ScopedIndexView):
    export_headings = {
        "user.email": _("E-mailadres"),
        "completion.module": _("Module"),
        "completion.valid_until": _("Geldig tot"),
    }


class RecordViewSet(ScopedModelViewSet):
    """Read-only lists of training records; rows follow the access rules."""

    form_fields = []
    index_view_class = RecordIndexView


class CompletionViewSet(RecordViewSet):
    model = Completion
    url_prefix = "training/afrondingen"
    name = "learning_completions"
    icon = "tick-inverse"
    menu_label = _("Afgeronde modules")
    list_display = ["user", "module", "completed_at", "valid_until"]
    list_filter = ["module", "valid_until"]
    search_fields = ["user__first_name", "user__last_name", "user__username", "module__title"]
    list_export = ["user", "user.email", "module", "completed_at", "valid_until"]
    export_filename = "afgeronde-modules"


class CertificateViewSet(RecordViewSet):
    model = Certificate
    url_prefix = "training/certificaten"
    name = "learning_certificates"
    icon = "doc-full"
    menu_label = _("Certificaten")
    list_display = ["display_code", "holder_name", "completion", "issued_at"]
    list_filter = ["completion__module"]
    search_fields = ["code", "holder_name"]
    list_export = [
        "code",
        "holder_name",
        "completion.module",
        "issued_at",
        "completion.valid_until",
    ]
    export_filename = "certificaten"


class QuizAttemptViewSet(RecordViewSet):
    model = QuizAttempt
    url_prefix = "training/toetspogingen"
    name = "learning_attempts"
    icon = "form"
    menu_label = _("Toetspogingen")
    list_display = ["user", "quiz", "score", "passed", "submitted_at"]
    list_filter = ["passed", "module"]
    search_fields = ["user__first_name", "user__last_name", "user__username", "quiz__title"]
    list_export = [
        "user",
        "module",
        "quiz",
        "score",
        "correct_count",
        "question_count",
        "passed",
        "submitted_at",
    ]
    export_filename = "toetspogingen"


class AttemptGrantViewSet(RecordViewSet):
    model = AttemptGrant
    url_prefix = "training/extra-pogingen"
    name = "learning_attempt_grants"
    icon = "plus"
    menu_label = _("Extra toetspogingen")
    list_display = ["user", "quiz", "extra_attempts", "reason", "granted_by", "granted_at"]
    list_filter = ["module"]
    search_fields = ["user__first_name", "user__last_name", "user__username", "quiz__title"]
    list_export = [
        "user",
        "module",
        "quiz",
        "extra_attempts",
        "reason",
        "granted_by",
        "granted_at",
    ]
    export_filename = "extra-toetspogingen"


class ModuleProgressViewSet(RecordViewSet):
    model = ModuleProgress
    url_prefix = "training/voortgang"
    name = "learning_progress"
    icon = "time"
    menu_label = _("Voortgang per module")
    list_display = ["user", "module", "last_lesson", "started_at", "updated_at"]
    list_filter = ["module"]
    search_fields = ["user__first_name", "user__last_name", "user__username", "module__title"]
    list_export = ["user", "module", "last_lesson", "started_at", "updated_at"]
    export_filename = "voortgang"


class LessonCompletionViewSet(RecordViewSet):
    model = LessonCompletion
    url_prefix = "training/lessen-afgerond"
    name = "learning_lesson_completions"
    menu_label = _("Afgeronde lessen")
    list_display = ["user", "lesson", "module", "completed_at"]
    list_filter = ["module"]
    search_fields = ["user__first_name", "user__last_name", "user__username", "lesson__title"]
    list_export = ["user", "user.email", "module", "lesson", "completed_at"]
    export_filename = "afgeronde-lessen"


class ReminderSentViewSet(NationalRecordViewSet):
    model = ReminderSent
    url_prefix = "training/herinneringen"
    name = "learning_reminders_sent"
    menu_label = _("Verstuurde herinneringen")
    list_display = ["completion", "kind", "sent_at"]
    list_filter = ["kind", "completion__module"]
    search_fields = ["completion__user__username", "completion__user__last_name"]
    list_export = ["completion", "completion.user", "kind", "sent_at"]
    export_filename = "verstuurde-herinneringen"


class DigestSentViewSet(NationalRecordViewSet):
    model = DigestSent
    url_prefix = "training/overzichten"
    name = "learning_digests_sent"
    menu_label = _("Verstuurde overzichten")
    list_display = ["user", "organisation", "period", "sent_at"]
    list_filter = ["period"]
    search_fields = ["user__username", "user__last_name", "organisation__name"]
    list_export = ["user", "organisation", "period", "sent_at"]
    export_filename = "verstuurde-overzichten"


for _viewset in (ReminderSentViewSet, DigestSentViewSet):
    _viewset.register_policy()


class LearningViewSetGroup(ViewSetGroup):
    menu_label = _("E-learning")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (
        SingleChoiceViewSet,
        MultipleChoiceViewSet,
        TrueFalseViewSet,
        OrderingViewSet,
        ScenarioViewSet,
        CompletionViewSet,
        CertificateViewSet,
        QuizAttemptViewSet,
        AttemptGrantViewSet,
        ModuleProgressViewSet,
        LessonCompletionViewSet,
        ReminderSentViewSet,
        DigestSentViewSet,
    )


@hooks.register("register_admin_viewset")
def register_learning_viewsets():
    return LearningViewSetGroup()


@hooks.register("before_delete_page")
def keep_modules_with_certificates(request, page):
    """Issued certificates must stay verifiable: a module that someone completed is taken
    offline (unpublished), never deleted."""
    modules = TrainingModulePage.objects.descendant_of(page, inclusive=True)
    if Completion.objects.filter(module__in=modules).exists():
        messages.error(
            request,
            _(
                "Deze module is al door medewerkers afgerond; hun certificaten moeten "
                "controleerbaar blijven. Zet de module offline in plaats van haar te verwijderen."
            ),
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None
