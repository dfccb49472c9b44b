"""Lessons: opening one (to resume there later), marking one done, and the state of an
employee in a module (progress bar, next step, status)."""

from dataclasses import dataclass, field

from django.db import transaction

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
    """The module a lesson or quiz belongs to, in one query."""
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


def module_state(user, module, *, lessons=None):
    """The employee's state in a module, in a fixed number of queries."""
    lessons = (
        list(lessons)
        if lessons is not None
        else list(module.lessons().only("pk", "title", "slug", "url_path", "path", "depth"))
    )
    quiz = module.quiz()
    if not user.is_authenticated:
        return ModuleState(module, lessons, set(), quiz, None, None)
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
    used = attempts.count()
    passed = used > 0 and attempts.filter(passed=True).exists()
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
    if user.is_authenticated and not is_preview:
        record_lesson_opened(user, lesson, module)
    state = module_state(user, module)
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
