"""Quiz questions as django-polymorphic types. Each type reads its answer from raw form
values (``parse_answer``), decides whether it is right, and explains a wrong answer.

Raw values are strings, as a form posts them:
- single choice / scenario: ``["<choice id>"]``
- multiple choice: ``["<choice id>", ...]``
- true/false: ``["waar"]`` or ``["niet-waar"]``
- ordering: ``["<choice id>:<position>", ...]`` for every item
"""

import hashlib

from polymorphic.models import PolymorphicModel

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)

from ido_platform.core.parsing import positive_int


class InvalidAnswer(ValueError):
    """An answer that does not fit its question (missing, or ids of another question)."""


class Question(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PolymorphicModel,
    ClusterableModel,
):
    """A question in a quiz. The subclass is the question type.

    Questions follow the e-learning review: an editor's change is a draft revision (with its
    choices) until the reviewing group publishes it; learners only get live questions, and
    the row holds the published content (see ``QuizPage.ordered_questions``). While a
    question is in review it is locked for everyone but the reviewers, so what they approve
    is what goes live."""

    quiz = models.ForeignKey(
        "learning.QuizPage",
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("toets"),
    )
    text = models.TextField(_("vraag"))
    explanation = models.TextField(
        _("uitleg"), blank=True, help_text=_("Waarom het goede antwoord goed is.")
    )
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    panels = [
        FieldPanel("quiz"),
        FieldPanel("text"),
        FieldPanel("explanation"),
        FieldPanel("sort_order"),
        InlinePanel("choices", heading=_("Antwoorden"), label=_("antwoord")),
    ]

    class Meta:
        ordering = ["quiz", "sort_order", "pk"]
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")

    def __str__(self):
        return self.text[:80]

    type_label = _("vraag")
    input_template = "learning/questions/single_choice.html"

    @property
    def kind_label(self):
        return self.get_real_instance_class()._meta.verbose_name

    def choice_list(self):
        """The choices in their stored order (prefetched where the caller prefetched)."""
        return sorted(self.choices.all(), key=lambda choice: (choice.sort_order or 0, choice.pk))

    def _choices_by_id(self):
        return {str(choice.pk): choice for choice in self.choice_list()}

    def _one_choice(self, values):
        if not values or not values[0]:
            raise InvalidAnswer(gettext("Kies een antwoord."))
        if len(values) > 1:
            raise InvalidAnswer(gettext("Kies één antwoord."))
        choices = self._choices_by_id()
        if values[0] not in choices:
            raise InvalidAnswer(gettext("Dit antwoord hoort niet bij deze vraag."))
        return [int(values[0])]

    def parse_answer(self, values):
        """Normalise raw form values into a JSON-safe answer, or raise InvalidAnswer."""
        raise NotImplementedError

    def is_correct(self, answer):
        raise NotImplementedError

    def feedback(self, answer):
        """Why the given answer is right or wrong, in the editor's words."""
        return self.explanation

    def correct_answer_text(self):
        return ", ".join(choice.text for choice in self.choice_list() if choice.is_correct)

    def answer_text(self, answer):
        choices = {choice.pk: choice.text for choice in self.choice_list()}
        return ", ".join(choices.get(value, "?") for value in answer or [])


class Choice(Orderable):
    """An answer option. For an ordering question the stored order is the right order."""

    question = ParentalKey(
        Question, verbose_name=_("vraag"), on_delete=models.CASCADE, related_name="choices"
    )
    text = models.CharField(_("antwoord"), max_length=400)
    is_correct = models.BooleanField(_("goed antwoord"), default=False)
    feedback = models.TextField(
        _("terugkoppeling bij dit antwoord"),
        blank=True,
        help_text=_("Wat de medewerker leest als hij of zij dit antwoord kiest."),
    )

    panels = [FieldPanel("text"), FieldPanel("is_correct"), FieldPanel("feedback")]

    class Meta(Orderable.Meta):
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")

    def __str__(self):
        return self.text


class SingleChoiceQuestion(Question):
    """One right answer among several."""

    class Meta:
        verbose_name = _("meerkeuzevraag (één antwoord)")
        verbose_name_plural = _("meerkeuzevragen (één antwoord)")

    def parse_answer(self, values):
        return self._one_choice(values)

    def is_correct(self, answer):
        return any(c.pk == answer[0] and c.is_correct for c in self.choice_list())

    def feedback(self, answer):
        chosen = next((c for c in self.choice_list() if c.pk == answer[0]), None)
        return (chosen.feedback if chosen else "") or self.explanation


class ScenarioQuestion(SingleChoiceQuestion):
    """A visitor's situation ("a visitor says X — which follow-up question is best?") with
    feedback per option."""

    situation = models.TextField(_("situatie"), help_text=_("Wat de bezoeker zegt of doet."))

    panels = [
        FieldPanel("quiz"),
        FieldPanel("situation"),
        FieldPanel("text"),
        FieldPanel("explanation"),
        FieldPanel("sort_order"),
        InlinePanel("choices", heading=_("Antwoorden"), label=_("antwoord"), min_num=2),
    ]
    input_template = "learning/questions/scenario.html"

    class Meta:
        verbose_name = _("scenariovraag")
        verbose_name_plural = _("scenariovragen")


class MultipleChoiceQuestion(Question):
    """Several right answers: the employee must tick exactly the right ones."""

    input_template = "learning/questions/multiple_choice.html"

    class Meta:
        verbose_name = _("meerkeuzevraag (meer antwoorden)")
        verbose_name_plural = _("meerkeuzevragen (meer antwoorden)")

    def parse_answer(self, values):
        values = [value for value in values if value]
        if not values:
            raise InvalidAnswer(gettext("Kies minstens één antwoord."))
        choices = self._choices_by_id()
        if any(value not in choices for value in values):
            raise InvalidAnswer(gettext("Dit antwoord hoort niet bij deze vraag."))
        return sorted({int(value) for value in values})

    def is_correct(self, answer):
        return set(answer) == {c.pk for c in self.choice_list() if c.is_correct}

    def feedback(self, answer):
        wrong = [c.feedback for c in self.choice_list() if c.feedback and c.pk in set(answer)]
        return " ".join([*wrong, self.explanation]).strip()


class TrueFalseQuestion(Question):
    """A statement that is true or not."""

    statement_is_true = models.BooleanField(_("de stelling klopt"), default=True)

    panels = [
        FieldPanel("quiz"),
        FieldPanel("text"),
        FieldPanel("statement_is_true"),
        FieldPanel("explanation"),
        FieldPanel("sort_order"),
    ]
    input_template = "learning/questions/true_false.html"
    VALUES = {"waar": True, "niet-waar": False}

    class Meta:
        verbose_name = _("waar/niet waar")
        verbose_name_plural = _("waar/niet waar-vragen")

    def parse_answer(self, values):
        if not values or not values[0]:
            raise InvalidAnswer(gettext("Kies 'waar' of 'niet waar'."))
        if len(values) > 1 or values[0] not in self.VALUES:
            raise InvalidAnswer(gettext("Dit antwoord hoort niet bij deze vraag."))
        return [values[0]]

    def is_correct(self, answer):
        return self.VALUES[answer[0]] is self.statement_is_true

    def correct_answer_text(self):
        return gettext("waar") if self.statement_is_true else gettext("niet waar")

    def answer_text(self, answer):
        return gettext("waar") if answer and answer[0] == "waar" else gettext("niet waar")


class OrderingQuestion(Question):
    """Put the steps in the right order; the choices' stored order is the answer."""

    input_template = "learning/questions/ordering.html"

    class Meta:
        verbose_name = _("volgordevraag")
        verbose_name_plural = _("volgordevragen")

    def shuffled_choices(self):
        """A stable mix-up, so the form never shows the answer as it was entered."""
        return sorted(
            self.choice_list(),
            key=lambda c: hashlib.sha256(f"{self.pk}:{c.pk}".encode()).hexdigest(),
        )

    def parse_answer(self, values):
        choices = self._choices_by_id()
        positions = {}
        for value in values:
            choice_id, _sep, position = (value or "").partition(":")
            if choice_id not in choices:
                raise InvalidAnswer(gettext("Dit antwoord hoort niet bij deze vraag."))
            position = positive_int(position)
            if position is None:
                raise InvalidAnswer(gettext("Geef elk onderdeel een plaats in de volgorde."))
            positions[choice_id] = position
        if set(positions) != set(choices):
            raise InvalidAnswer(gettext("Geef elk onderdeel een plaats in de volgorde."))
        if sorted(positions.values()) != list(range(1, len(choices) + 1)):
            raise InvalidAnswer(gettext("Gebruik elke plaats in de volgorde precies één keer."))
        return [int(choice_id) for choice_id, _p in sorted(positions.items(), key=lambda i: i[1])]

    def is_correct(self, answer):
        return answer == [c.pk for c in self.choice_list()]

    def correct_answer_text(self):
        return " → ".join(c.text for c in self.choice_list())

    def answer_text(self, answer):
        choices = {c.pk: c.text for c in self.choice_list()}
        return " → ".join(choices.get(value, "?") for value in answer or [])


# Every question type: each has its own admin viewset and follows the review workflow.
QUESTION_TYPES = (
    SingleChoiceQuestion,
    MultipleChoiceQuestion,
    TrueFalseQuestion,
    OrderingQuestion,
    ScenarioQuestion,
)
