"""Quizzes: grading an attempt (with the rules for bad input, double submits and the number
of attempts), and the review that explains each wrong answer."""

import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.learning.models import QuizAttempt
from courses.learning.models.questions import InvalidAnswer

from . import completion as completion_service
from . import progress

FORM_EXPIRED = "Het formulier is verlopen. Open de toets opnieuw en probeer het nog eens."


class QuizInputError(Exception):
    """The submitted answers do not fit the quiz; nothing was recorded.
    ``errors`` maps a question id (or None for the whole form) to a Dutch message."""

    def __init__(self, errors):
        super().__init__("; ".join(str(message) for message in errors.values()))
        self.errors = errors


def answer_field_name(question):
    return f"vraag-{question.pk}"


def answers_from_post(post, questions):
    """Raw answers per question id from a posted quiz form. Unknown ``vraag-…`` fields are
    kept, so the service can refuse answers that belong to another quiz."""
    answers = {}
    for name in post:
        if not name.startswith("vraag-"):
            continue
        question_id, _sep, choice_id = name.removeprefix("vraag-").partition("-plaats-")
        if choice_id:  # ordering question: one select per item
            answers.setdefault(question_id, []).append(f"{choice_id}:{post.get(name, '')}")
        else:
            answers.setdefault(question_id, []).extend(post.getlist(name))
    return answers


def attempts_context(user, quiz, module):
    state = progress.module_state(user, module)
    return state, max(quiz.max_attempts - state.attempts_used, 0)


def grade_attempt(user, quiz, answers, *, token):
    """Grade and record one attempt. ``answers`` maps question ids (as strings) to raw form
    values. Raises QuizInputError (nothing recorded) on missing answers, answers that belong
    to another question or quiz, an invalid form token, or when no attempts are left. The
    same token twice returns the first attempt: a double submit records one attempt."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        raise QuizInputError({None: _(FORM_EXPIRED)}) from None
    existing = QuizAttempt.objects.filter(user=user, token=token).first()
    if existing is not None:
        return existing
    questions = list(quiz.ordered_questions())
    if not questions:
        raise QuizInputError({None: _("Deze toets heeft nog geen vragen.")})
    errors = {}
    known = {str(question.pk) for question in questions}
    if any(str(key) not in known for key in answers):
        errors[None] = _(
            "Een of meer antwoorden horen niet bij deze toets. Open de toets opnieuw en "
            "probeer het nog eens."
        )
    parsed = {}
    for question in questions:
        try:
            parsed[question.pk] = question.parse_answer(list(answers.get(str(question.pk), [])))
        except InvalidAnswer as error:
            errors[question.pk] = str(error)
    if errors:
        raise QuizInputError(errors)
    correct = sum(1 for question in questions if question.is_correct(parsed[question.pk]))
    score = round(100 * correct / len(questions))
    module = progress.module_of(quiz)
    with transaction.atomic():
        progress.lock_progress(user, module)
        existing = QuizAttempt.objects.filter(user=user, token=token).first()
        if existing is not None:  # the twin request won the lock
            return existing
        previous = completion_service.latest_completion(user, module)
        used = QuizAttempt.objects.filter(user=user, module=module)
        if previous is not None:
            used = used.filter(submitted_at__gt=previous.completed_at)
        if used.count() >= quiz.max_attempts and not used.filter(passed=True).exists():
            raise QuizInputError(
                {
                    None: _(
                        "Je hebt alle pogingen voor deze toets gebruikt. De landelijke beheerder "
                        "kan een nieuwe poging vrijgeven."
                    )
                }
            )
        try:
            with transaction.atomic():
                attempt = QuizAttempt.objects.create(
                    user=user,
                    quiz=quiz,
                    module=module,
                    token=token,
                    submitted_at=timezone.now(),
                    answers={str(key): value for key, value in parsed.items()},
                    correct_count=correct,
                    question_count=len(questions),
                    score=score,
                    passed=score >= quiz.pass_mark,
                )
        except IntegrityError:
            return QuizAttempt.objects.get(user=user, token=token)
        if attempt.passed:
            completion_service.complete_module_if_done(user, module, attempt=attempt)
    return attempt


@dataclass
class ReviewItem:
    number: int
    question: object
    correct: bool
    given: str
    right_answer: str
    feedback: str


def review(attempt):
    """Per question: what was answered, whether it was right, the right answer and the
    editor's explanation (always shown for a wrong answer)."""
    items = []
    for number, question in enumerate(attempt.quiz.ordered_questions(), start=1):
        answer = attempt.answers.get(str(question.pk))
        if answer is None:  # question added after this attempt
            continue
        correct = question.is_correct(answer)
        items.append(
            ReviewItem(
                number=number,
                question=question,
                correct=correct,
                given=question.answer_text(answer),
                right_answer=question.correct_answer_text(),
                feedback=question.feedback(answer),
            )
        )
    return items


def quiz_context(user, quiz, *, errors=None, submitted=None):
    """Context for the quiz page: questions, a fresh form token, attempts left."""
    module = progress.module_of(quiz)
    state, attempts_left = attempts_context(user, quiz, module)
    return {
        "module": module,
        "state": state,
        "questions": list(quiz.ordered_questions()),
        "form_token": uuid.uuid4(),
        "attempts_left": attempts_left,
        "can_attempt": attempts_left > 0 or state.passed_since_completion,
        "errors": errors or {},
        "submitted": submitted or {},
    }
