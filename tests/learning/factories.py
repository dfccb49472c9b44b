"""Builders for the training catalogue: pages are added to the tree as Wagtail does."""

import itertools
import uuid

from courses.learning.models import (
    Choice,
    LearningPathPage,
    LearningPathPart,
    LessonPage,
    ModuleIndexPage,
    ModuleKind,
    MultipleChoiceQuestion,
    OrderingQuestion,
    QuizPage,
    ScenarioQuestion,
    SingleChoiceQuestion,
    TrainingModulePage,
    TrueFalseQuestion,
)

_numbers = itertools.count(1)


def _add(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


def catalogue(home):
    existing = ModuleIndexPage.objects.first()
    if existing:
        return existing
    return _add(home, ModuleIndexPage(title="Trainingen", slug="leren"))


def module(
    index,
    *,
    title=None,
    lessons=2,
    kind=ModuleKind.PARTNER,
    validity_months=None,
    quiz=True,
    questions=True,
    pass_mark=70,
    max_attempts=3,
):
    """A module with ``lessons`` lessons and (optionally) a quiz with one question of each
    type. Returns the module page."""
    number = next(_numbers)
    title = title or f"Module {number}"
    page = _add(
        index,
        TrainingModulePage(
            title=title,
            slug=f"module-{number}",
            kind=kind,
            intro=f"Over {title}.",
            learning_goals="Je weet waar je naartoe verwijst.\nJe vraagt door.",
            estimated_minutes=20,
            validity_months=validity_months,
        ),
    )
    for lesson_number in range(1, lessons + 1):
        _add(
            page,
            LessonPage(
                title=f"Les {lesson_number}",
                slug=f"les-{lesson_number}",
                intro="Inleiding.",
                body=[("text", "<p>Lestekst.</p>")],
            ),
        )
    if quiz:
        quiz_page = _add(
            page,
            QuizPage(title="Toets", slug="toets", pass_mark=pass_mark, max_attempts=max_attempts),
        )
        if questions:
            add_questions(quiz_page)
    return page


def add_questions(quiz):
    """One question of each type; ``right_answers(quiz)`` gives the right raw answers."""
    single = SingleChoiceQuestion.objects.create(quiz=quiz, text="Wie int boetes?", sort_order=1)
    Choice.objects.create(question=single, text="Het CJIB", is_correct=True, sort_order=1)
    Choice.objects.create(
        question=single, text="De RDW", feedback="De RDW registreert voertuigen.", sort_order=2
    )
    multiple = MultipleChoiceQuestion.objects.create(
        quiz=quiz, text="Wat doet de SVB?", sort_order=2, explanation="AOW en kinderbijslag."
    )
    Choice.objects.create(question=multiple, text="AOW", is_correct=True, sort_order=1)
    Choice.objects.create(question=multiple, text="Kinderbijslag", is_correct=True, sort_order=2)
    Choice.objects.create(question=multiple, text="Studiefinanciering", sort_order=3)
    TrueFalseQuestion.objects.create(
        quiz=quiz,
        text="Je maakt een DigiD aan voor de bezoeker.",
        statement_is_true=False,
        explanation="De bezoeker vraagt zelf een DigiD aan.",
        sort_order=3,
    )
    ordering = OrderingQuestion.objects.create(quiz=quiz, text="Zet in volgorde.", sort_order=4)
    for position, text in enumerate(["Luisteren", "Doorvragen", "Verwijzen"], start=1):
        Choice.objects.create(question=ordering, text=text, sort_order=position)
    scenario = ScenarioQuestion.objects.create(
        quiz=quiz,
        situation="Een bezoeker zegt: 'Ik snap die brief niet.'",
        text="Wat vraag je eerst?",
        sort_order=5,
    )
    Choice.objects.create(
        question=scenario,
        text="Van wie is de brief?",
        is_correct=True,
        feedback="Zo weet je over welke organisatie het gaat.",
        sort_order=1,
    )
    Choice.objects.create(
        question=scenario,
        text="Zal ik het voor u regelen?",
        feedback="Je neemt de zaak niet over: je helpt de bezoeker zelf verder.",
        sort_order=2,
    )
    return quiz


def answers(quiz, *, right=True):
    """Raw answers as a form posts them: all right, or all wrong."""
    result = {}
    for question in quiz.ordered_questions():
        choices = question.choice_list()
        key = str(question.pk)
        if isinstance(question, TrueFalseQuestion):
            correct = "waar" if question.statement_is_true else "niet-waar"
            wrong = "niet-waar" if correct == "waar" else "waar"
            result[key] = [correct if right else wrong]
        elif isinstance(question, OrderingQuestion):
            order = choices if right else list(reversed(choices))
            result[key] = [f"{c.pk}:{position}" for position, c in enumerate(order, start=1)]
        elif isinstance(question, MultipleChoiceQuestion):
            picked = [c for c in choices if c.is_correct == right]
            result[key] = [str(c.pk) for c in picked]
        else:
            picked = next(c for c in choices if c.is_correct == right)
            result[key] = [str(picked.pk)]
    return result


def learning_path(
    index, parts, *, title="Basisopleiding IDO-medewerker", basic=True, slug="basisopleiding"
):
    path = LearningPathPage(title=title, slug=slug, intro="De basis.", is_basic_training=basic)
    index.add_child(instance=path)
    for position, part in enumerate(parts):
        if isinstance(part, TrainingModulePage):
            LearningPathPart.objects.create(path=path, module=part, sort_order=position)
        else:
            LearningPathPart.objects.create(path=path, course_page=part, sort_order=position)
    path.save_revision().publish()
    return LearningPathPage.objects.get(pk=path.pk)


def complete_module(user, module):
    """Finish every lesson and pass the quiz; returns the graded attempt."""
    from courses.learning.services import progress, quizzes

    for lesson in module.lessons():
        progress.record_lesson_done(user, lesson)
    return quizzes.grade_attempt(user, module.quiz(), answers(module.quiz()), token=uuid.uuid4())


def single_choice_form(quiz, **extra):
    """The admin form of a new single-choice question with two answers (the first right),
    as an editor fills it in; ``extra`` adds or replaces fields."""
    return {
        "quiz": quiz.pk,
        "text": "Wie betaalt de AOW?",
        "explanation": "De SVB.",
        "sort_order": 9,
        "choices-TOTAL_FORMS": 2,
        "choices-INITIAL_FORMS": 0,
        "choices-MIN_NUM_FORMS": 0,
        "choices-MAX_NUM_FORMS": 1000,
        "choices-0-text": "De SVB",
        "choices-0-is_correct": "on",
        "choices-0-ORDER": 1,
        "choices-1-text": "Het UWV",
        "choices-1-ORDER": 2,
        **extra,
    }
