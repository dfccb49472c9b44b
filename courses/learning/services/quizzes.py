"""Quizzes: grading an attempt (with the rules for bad input, double submits and the number
of attempts), extra attempts a coordinator grants, and the review that explains each wrong
answer.

The attempt limit counts from the employee's last completion of the module (a refresher starts
afresh): the quiz's own number of attempts plus the extra attempts granted since then."""

import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from courses.learning.models import AttemptGrant, Completion, Question, QuizAttempt
from courses.learning.models.questions import InvalidAnswer
from ido_platform.core import formatting, outbox
from ido_platform.core.errors import ServiceRefusal

from . import completion as completion_service
from . import progress

FORM_EXPIRED = gettext_noop(
    "Het formulier is verlopen. Open de toets opnieuw en probeer het nog eens."
)
ATTEMPTS_USED_UP = gettext_noop(
    "Je hebt alle pogingen voor deze toets gebruikt. Vraag je coördinator om een extra poging."
)
GRANT_FORM_EXPIRED = gettext_noop(
    "Het formulier is verlopen. Open het teamoverzicht opnieuw en probeer het nog eens."
)
# More than a few extra tries at once means the employee needs help, not attempts.
MAX_EXTRA_ATTEMPTS = 5


class QuizInputError(ServiceRefusal):
    """The submitted answers do not fit the quiz; nothing was recorded.
    ``errors`` maps a question id (or None for the whole form) to a Dutch message."""

    def __init__(self, errors):
        super().__init__("; ".join(str(message) for message in errors.values()))
        self.errors = errors


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


class GrantRefused(ServiceRefusal):
    """No extra attempt was given; nothing changed. ``message`` is Dutch. ``forbidden``
    marks a refusal about who may grant to whom (a 403), otherwise the input was wrong;
    ``field`` names the form field at fault ("extra_attempts", "reason"), if one is."""

    def __init__(self, message, *, forbidden=False, field=None):
        super().__init__(message, forbidden=forbidden, field=field)


def _open_attempts(user, module):
    """The employee's attempts since their last completion of the module, and that moment
    (None when they never completed it)."""
    previous = completion_service.latest_completion(user, module)
    since = previous.completed_at if previous is not None else None
    attempts = QuizAttempt.objects.filter(user=user, module=module)
    if since is not None:
        attempts = attempts.filter(submitted_at__gt=since)
    return attempts, since


def attempt_limit(user, quiz, module, *, since):
    """How many attempts the employee gets at ``quiz`` since ``since`` (their last
    completion, or None): the quiz's own number plus every extra attempt granted since."""
    if not user.is_authenticated:  # an editor's preview
        return quiz.max_attempts
    grants = AttemptGrant.objects.filter(user=user, module=module)
    if since is not None:
        grants = grants.filter(granted_at__gt=since)
    return quiz.max_attempts + (grants.aggregate(total=Sum("extra_attempts"))["total"] or 0)


def attempts_left(user, quiz, state):
    """Attempts the employee still has, for a ``progress.module_state`` of the quiz's module."""
    latest = state.latest_completion
    limit = attempt_limit(
        user, quiz, state.module, since=latest.completed_at if latest is not None else None
    )
    return max(limit - state.attempts_used, 0)


def attempts_context(user, quiz, module):
    state = progress.module_state(user, module)
    return state, attempts_left(user, quiz, state)


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
        used, since = _open_attempts(user, module)
        limit = attempt_limit(user, quiz, module, since=since)
        if used.count() >= limit and not used.filter(passed=True).exists():
            raise QuizInputError({None: _(ATTEMPTS_USED_UP)})
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


def grant_extra_attempts(employee, quiz, *, by, extra, reason, token):
    """Give ``employee`` ``extra`` (a number or the raw form value, 1 to MAX_EXTRA_ATTEMPTS)
    more attempts at ``quiz`` once they have used them all without passing, and record who
    did it, when and why. ``by`` needs
    ``learning.grant_extra_attempt`` (a coordinator of the employee's organisation or the
    national role; nobody for themselves) and must give a reason. Otherwise GrantRefused is
    raised and nothing changes. The same form token twice returns the first grant; the
    check that the attempts are used up runs under the same lock as grading."""
    if employee.pk == by.pk:
        raise GrantRefused(_("Je kunt jezelf geen extra poging geven."), forbidden=True)
    if not by.has_perm("learning.grant_extra_attempt", employee):
        raise GrantRefused(
            _("Je kunt alleen medewerkers van je eigen organisatie een extra poging geven."),
            forbidden=True,
        )
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        raise GrantRefused(_(GRANT_FORM_EXPIRED)) from None
    reason = (reason or "").strip()
    if not reason:
        raise GrantRefused(_("Schrijf op waarom je een extra poging geeft."), field="reason")
    if len(reason) > AttemptGrant._meta.get_field("reason").max_length:
        raise GrantRefused(_("Maak de reden korter: hooguit 500 tekens."), field="reason")
    try:
        extra = int(str(extra).strip())  # the raw form value, or a number
    except ValueError:
        extra = 0
    if not 1 <= extra <= MAX_EXTRA_ATTEMPTS:
        raise GrantRefused(
            _("Kies een aantal extra pogingen van 1 tot en met %(max)s.")
            % {"max": MAX_EXTRA_ATTEMPTS},
            field="extra_attempts",
        )
    module = progress.module_of(quiz)
    with transaction.atomic():
        progress.lock_progress(employee, module)
        existing = AttemptGrant.objects.filter(granted_by=by, token=token).first()
        if existing is not None:  # a double submit, or the twin request won the lock
            if (existing.user_id, existing.quiz_id) != (employee.pk, quiz.pk):
                raise GrantRefused(_(GRANT_FORM_EXPIRED))
            return existing
        used, since = _open_attempts(employee, module)
        if used.filter(passed=True).exists() or used.count() < attempt_limit(
            employee, quiz, module, since=since
        ):
            raise GrantRefused(
                _(
                    "%(name)s kan deze toets nog maken. Een extra poging geef je pas als "
                    "alle pogingen zijn gebruikt."
                )
                % {"name": formatting.person_name(employee)}
            )
        try:
            with transaction.atomic():
                grant = AttemptGrant.objects.create(
                    user=employee,
                    quiz=quiz,
                    module=module,
                    extra_attempts=extra,
                    reason=reason,
                    granted_by=by,
                    granted_at=timezone.now(),
                    token=token,
                )
        except IntegrityError:
            return AttemptGrant.objects.get(granted_by=by, token=token)
        _tell_employee(grant)
        return grant


def _tell_employee(grant):
    """Tell the employee (after commit, through the outbox) that they may try again."""
    employee = grant.user
    if not employee.email:
        return
    module = grant.module.title
    outbox.queue_message(
        recipient=employee.email,
        subject=_("Extra poging voor de toets van %(module)s") % {"module": module},
        body=_(
            "Je coördinator heeft je een nieuwe kans gegeven: je kunt de toets van "
            "%(module)s nog %(count)s keer maken. Je vindt de toets in de trainingscatalogus."
        )
        % {"module": module, "count": grant.extra_attempts},
        kind="learning.extra_attempt",
    )


def used_up(user_ids, quizzes):
    """In bulk: which employees used every attempt at a module's quiz since their last
    completion without passing. ``quizzes`` maps a module id to its quiz. Returns
    {(user id, module id): (attempts used, limit)}. Two queries whatever the numbers; the
    same rule as ``attempt_limit`` and ``grade_attempt``."""
    module_ids = list(quizzes)
    last_done = (
        Completion.objects.filter(user_id=OuterRef("user_id"), module_id=OuterRef("module_id"))
        .order_by("-completed_at")
        .values("completed_at")[:1]
    )

    def since_last_completion(queryset, moment):
        return queryset.annotate(last_done=Subquery(last_done)).filter(
            Q(last_done__isnull=True) | Q(**{f"{moment}__gt": F("last_done")})
        )

    attempts = since_last_completion(
        QuizAttempt.objects.filter(user_id__in=user_ids, module_id__in=module_ids),
        "submitted_at",
    )
    grants = since_last_completion(
        AttemptGrant.objects.filter(user_id__in=user_ids, module_id__in=module_ids),
        "granted_at",
    )
    extra = {
        (row["user_id"], row["module_id"]): row["extra"]
        for row in grants.values("user_id", "module_id").annotate(extra=Sum("extra_attempts"))
    }
    result = {}
    for row in attempts.values("user_id", "module_id").annotate(
        used=Count("pk"), passed=Count("pk", filter=Q(passed=True))
    ):
        key = (row["user_id"], row["module_id"])
        limit = quizzes[row["module_id"]].max_attempts + extra.get(key, 0)
        if not row["passed"] and row["used"] >= limit:
            result[key] = (row["used"], limit)
    return result


QUESTION_ANSWERED = gettext_noop(
    "Deze vraag is al in toetspogingen beantwoord. Die pogingen en hun uitleg moeten "
    "controleerbaar blijven. Haal de vraag offline (publicatie intrekken) in plaats van haar "
    "te verwijderen."
)


def is_answered(question):
    """Whether an attempt answered ``question``: then it is taken offline, never deleted."""
    return QuizAttempt.objects.filter(
        quiz_id=question.quiz_id, answers__has_key=str(question.pk)
    ).exists()


def delete_question(question):
    """Delete a question nobody answered yet; refuse (ServiceRefusal) one an attempt answered,
    so every attempt's review keeps its questions."""
    if is_answered(question):
        raise ServiceRefusal(_(QUESTION_ANSWERED))
    question.delete()


@dataclass
class ReviewItem:
    number: int
    question: object
    correct: bool
    given: str
    right_answer: str
    feedback: str


def reveals_right_answers(attempt, state, attempts_left):
    """The right answers are shown only once they cannot turn the next attempt into a
    copy: the quiz is passed (this attempt or since), or no attempts remain."""
    passed = attempt.passed or state.passed_since_completion
    return bool(passed or state.latest_completion is not None or attempts_left <= 0)


def review(attempt, *, reveal=True):
    """Per question: what was answered, whether it was right, and the feedback on the
    options chosen (always shown for a wrong answer); the right answer only with
    ``reveal`` (see ``reveals_right_answers``)."""
    items = []
    # The questions this attempt answered, also when one was unpublished since: the review
    # explains the attempt that was graded (a question added later has no answer here).
    answered = [int(key) for key in attempt.answers if str(key).isdigit()]
    questions = (
        Question.objects.filter(quiz=attempt.quiz_id, pk__in=answered)
        .prefetch_related("choices")
        .order_by("sort_order", "pk")
    )
    for number, question in enumerate(questions, start=1):
        answer = attempt.answers[str(question.pk)]
        correct = question.is_correct(answer)
        items.append(
            ReviewItem(
                number=number,
                question=question,
                correct=correct,
                given=question.answer_text(answer),
                right_answer=question.correct_answer_text() if reveal else "",
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
