"""Completing a module (all lessons done and the quiz passed) and issuing its certificate."""

import secrets

from django.utils import timezone
from django.utils.translation import gettext as _

from courses.learning import tasks
from courses.learning.models import Certificate, Completion, LessonCompletion, QuizAttempt
from ido_platform.core import formatting, outbox

from .status import add_months

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to type over
CODE_LENGTH = 12


def latest_completion(user, module):
    return Completion.objects.filter(user=user, module=module).order_by("-completed_at").first()


def valid_until_for(module, completed_on):
    """The last day a completion on ``completed_on`` counts: the module's validity in
    calendar months from that day (None: valid for good)."""
    if not module.validity_months:
        return None
    return add_months(completed_on, module.validity_months)


def complete_module_if_done(user, module, *, attempt=None):
    """Record a completion when every live lesson is done and the quiz is passed since the
    previous completion (a refresher). Call inside a transaction holding the progress lock
    (``progress.lock_progress``). Returns the new completion, or None."""
    lesson_ids = set(module.lessons().values_list("pk", flat=True))
    done_ids = set(
        LessonCompletion.objects.filter(user=user, lesson_id__in=lesson_ids).values_list(
            "lesson_id", flat=True
        )
    )
    if lesson_ids - done_ids:
        return None
    previous = latest_completion(user, module)
    quiz = module.quiz()
    passed = None
    if quiz is not None:
        passed_attempts = QuizAttempt.objects.filter(user=user, module=module, passed=True)
        if previous is not None:
            passed_attempts = passed_attempts.filter(submitted_at__gt=previous.completed_at)
        passed = attempt if attempt is not None and attempt.passed else passed_attempts.first()
        if passed is None:
            return None
    elif previous is not None:
        return None
    now = timezone.now()
    completion = Completion.objects.create(
        user=user,
        module=module,
        attempt=passed,
        completed_at=now,
        valid_until=valid_until_for(module, timezone.localdate(now)),
    )
    issue_certificate(completion)
    return completion


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def issue_certificate(completion):
    """Create the certificate with a unique verification code; the PDF is made by a task
    after commit, and the employee is told through the outbox."""

    code = new_code()
    while Certificate.objects.filter(code=code).exists():  # 32^12 codes: practically never
        code = new_code()
    user = completion.user
    certificate = Certificate.objects.create(
        completion=completion,
        code=code,
        holder_name=formatting.person_name(user),
        issued_at=completion.completed_at,
    )
    outbox.publish_on_commit(tasks.generate_certificate_file, certificate.pk)
    if user.email:
        outbox.queue_message(
            recipient=user.email,
            subject=_("Je certificaat voor %(module)s") % {"module": completion.module.title},
            body=_(
                "Gefeliciteerd! Je hebt de module %(module)s afgerond. Je certificaat staat "
                "klaar in de trainingscatalogus. Controlecode: %(code)s."
            )
            % {"module": completion.module.title, "code": certificate.display_code},
            kind="learning.certificate",
        )
    return certificate
