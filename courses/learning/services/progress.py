"""Lessons: opening one (to resume there later), marking one done, and the state of an
employee in a module (progress bar, next step, status)."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q

from wagtail.models import Page

from courses.learning.models import (
    Completion,
    LessonCompletion,
    LessonPage,
    ModuleProgress,
    QuizAttempt,
    QuizPage,
    TrainingModulePage,
)

from . import completion as completion_service
from .status import Status, status_of, today


def module_of(page):
    """The module a lesson or quiz belongs to: the parent routing already loaded, or one
    query."""
    parent = getattr(page, "_cached_parent_obj", None)
    if isinstance(parent, TrainingModulePage) and parent.path == page.path[: -page.steplen]:
        return parent
    return TrainingModulePage.objects.get(path=page.path[: -TrainingModulePage.steplen])


def lock_progress(user, module):
    """The employee's progress row in this module, locked for the transaction (PostgreSQL),
    so a completion or an attempt limit is decided once under concurrent requests."""
    ModuleProgress.objects.get_or_create(user=user, module=module)
    return ModuleProgress.objects.select_for_update().get(user=user, module=module)


def record_lesson_opened(user, lesson, module=None):
    """Remember the last lesson opened, to resume there."""
    module = module or module_of(lesson)
    updated = ModuleProgress.objects.filter(user=user, module=module).update(last_lesson=lesson)
    if not updated:
        ModuleProgress.objects.get_or_create(
            user=user, module=module, defaults={"last_lesson": lesson}
        )


def record_lesson_done(user, lesson):
    """Mark a lesson done (once; a second call changes nothing) and complete the module when
    this was the last missing step. Returns the completion when the module was completed."""
    module = module_of(lesson)
    with transaction.atomic():
        lock_progress(user, module)
        LessonCompletion.objects.get_or_create(
            user=user, lesson=lesson, defaults={"module": module}
        )
        ModuleProgress.objects.filter(user=user, module=module).update(last_lesson=lesson)
        return completion_service.complete_module_if_done(user, module)


@dataclass
class ModuleState:
    """Everything a page needs about one employee in one module."""

    module: TrainingModulePage
    lessons: list
    done_ids: set
    quiz: QuizPage | None
    latest_completion: Completion | None
    resume_lesson: LessonPage | None
    attempts_used: int = 0
    passed_since_completion: bool = False
    status: str = Status.NOT_STARTED
    extra: dict = field(default_factory=dict)

    @property
    def lessons_total(self):
        return len(self.lessons)

    @property
    def lessons_done(self):
        return sum(1 for lesson in self.lessons if lesson.pk in self.done_ids)

    @property
    def steps_total(self):
        return self.lessons_total + (1 if self.quiz else 0)

    @property
    def steps_done(self):
        quiz_done = self.quiz is not None and (
            self.passed_since_completion or self.latest_completion is not None
        )
        return self.lessons_done + (1 if quiz_done else 0)

    @property
    def percent(self):
        return round(100 * self.steps_done / self.steps_total) if self.steps_total else 0

    @property
    def all_lessons_done(self):
        return self.lessons_done == self.lessons_total

    @property
    def next_lesson(self):
        """The first lesson not done, in the module's order (None when all are done)."""
        return next((lesson for lesson in self.lessons if lesson.pk not in self.done_ids), None)

    @property
    def next_step(self):
        """Where the module's button leads: the first unfinished step, a lesson or the quiz.
        The button's text says the same (``is_starting``: nothing done yet)."""
        if self.next_lesson is not None:
            return self.next_lesson
        quiz_done = self.passed_since_completion or self.latest_completion is not None
        return self.quiz if self.quiz is not None and not quiz_done else None

    @property
    def is_starting(self):
        return self.steps_done == 0

    @property
    def certificate(self):
        return (
            getattr(self.latest_completion, "certificate", None) if self.latest_completion else None
        )


def _lessons_and_quiz(user, module):
    """The module's live lessons (each marked ``is_done`` for the employee) and its quiz,
    in one query."""
    types = ContentType.objects.get_for_models(LessonPage, QuizPage)
    children = (
        Page.objects.live()
        .child_of(module)
        .filter(content_type__in=types.values())
        .select_related("lessonpage", "quizpage")
        .defer("lessonpage__body")
        .order_by("path")
    )
    if user.is_authenticated:
        children = children.annotate(
            is_done=Exists(
                LessonCompletion.objects.filter(user=user, module=module, lesson=OuterRef("pk"))
            )
        )
    lessons, quiz = [], None
    for child in children:
        if child.content_type_id == types[LessonPage].pk:
            lesson = child.lessonpage
            lesson.is_done = getattr(child, "is_done", False)
            lessons.append(lesson)
        elif quiz is None:
            quiz = child.quizpage
    return lessons, quiz


def module_state(user, module, *, lessons=None):
    """The employee's state in a module, in a fixed number of queries."""
    if lessons is None:
        lessons, quiz = _lessons_and_quiz(user, module)
        done_ids = {lesson.pk for lesson in lessons if lesson.is_done}
    else:
        lessons, quiz, done_ids = list(lessons), module.quiz(), None
    if not user.is_authenticated:
        return ModuleState(module, lessons, set(), quiz, None, None)
    if done_ids is None:
        done_ids = set(
            LessonCompletion.objects.filter(user=user, module=module).values_list(
                "lesson_id", flat=True
            )
        )
    latest = (
        Completion.objects.filter(user=user, module=module)
        .select_related("certificate")
        .order_by("-completed_at")
        .first()
    )
    progress = (
        ModuleProgress.objects.filter(user=user, module=module)
        .select_related("last_lesson")
        .first()
    )
    attempts = QuizAttempt.objects.filter(user=user, module=module)
    if latest is not None:
        attempts = attempts.filter(submitted_at__gt=latest.completed_at)
    counted = attempts.aggregate(used=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
    used, passed = counted["used"], counted["passed"] > 0
    state = ModuleState(
        module=module,
        lessons=lessons,
        done_ids=done_ids,
        quiz=quiz,
        latest_completion=latest,
        resume_lesson=progress.last_lesson if progress else None,
        attempts_used=used,
        passed_since_completion=passed,
    )
    state.status = status_of(
        completed=latest is not None,
        valid_until=latest.valid_until if latest else None,
        started=bool(progress or done_ids),
        on=today(),
    )
    return state


def lesson_context(user, lesson, *, is_preview=False):
    """Context for a lesson page: the module, its lessons with done marks, the position,
    previous and next lesson, and the progress bar. Opening the lesson is remembered."""
    module = module_of(lesson)
    state = module_state(user, module)
    resumed = state.resume_lesson.pk if state.resume_lesson else None
    if user.is_authenticated and not is_preview and resumed != lesson.pk:
        # Opening the lesson already remembered writes nothing.
        record_lesson_opened(user, lesson, module)
        state.resume_lesson = lesson
        state.status = status_of(
            completed=state.latest_completion is not None,
            valid_until=state.latest_completion.valid_until if state.latest_completion else None,
            started=True,
            on=today(),
        )
    position = next((i for i, item in enumerate(state.lessons) if item.pk == lesson.pk), 0)
    return {
        "module": module,
        "state": state,
        "lesson_number": position + 1,
        "previous_lesson": state.lessons[position - 1] if position > 0 else None,
        "following_lesson": (
            state.lessons[position + 1] if position + 1 < len(state.lessons) else None
        ),
        "lesson_done": lesson.pk in state.done_ids,
    }
