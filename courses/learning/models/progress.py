"""An employee's way through the e-learning: lessons done, where to resume, quiz attempts,
completions (with an expiry date for refreshers), certificates and the reminders sent."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ido_platform.core.private_files import private_storage


class ModuleProgress(models.Model):
    """Where an employee is in a module: the last lesson opened, to resume there."""

    wagtail_reference_index_ignore = True  # a record, not content: no "usage" rows
    service_owned_fields = "__all__"  # written by services only; the admin reads it

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="module_progress",
        verbose_name=_("medewerker"),
    )
    module = models.ForeignKey(
        "learning.TrainingModulePage",
        on_delete=models.CASCADE,
        related_name="progress",
        verbose_name=_("module"),
    )
    last_lesson = models.ForeignKey(
        "learning.LessonPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("laatst geopende les"),
    )
    started_at = models.DateTimeField(_("begonnen op"), default=timezone.now)
    updated_at = models.DateTimeField(_("laatst bijgewerkt"), auto_now=True)

    class Meta:
        verbose_name = _("voortgang in een module")
        verbose_name_plural = _("voortgang in modules")
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="learning_progress_unique")
        ]

    def __str__(self):
        return f"{self.user} – {self.module}"


class LessonCompletion(models.Model):
    """A lesson an employee has marked as done (once per lesson)."""

    wagtail_reference_index_ignore = True  # a record, not content: no "usage" rows
    service_owned_fields = "__all__"  # written by services only; the admin reads it

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lesson_completions",
        verbose_name=_("medewerker"),
    )
    lesson = models.ForeignKey(
        "learning.LessonPage",
        on_delete=models.CASCADE,
        related_name="completions",
        verbose_name=_("les"),
    )
    module = models.ForeignKey(
        "learning.TrainingModulePage",
        on_delete=models.CASCADE,
        related_name="lesson_completions",
        verbose_name=_("module"),
    )
    completed_at = models.DateTimeField(_("afgerond op"), default=timezone.now)

    class Meta:
        ordering = ["-completed_at"]
        verbose_name = _("afgeronde les")
        verbose_name_plural = _("afgeronde lessen")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="learning_lesson_done_once")
        ]
        indexes = [models.Index(fields=["module", "user"])]

    def __str__(self):
        return f"{self.user} – {self.lesson}"


class QuizAttempt(models.Model):
    """One submitted quiz. The form's token makes a double submit one attempt."""

    wagtail_reference_index_ignore = True  # a record, not content: no "usage" rows
    service_owned_fields = "__all__"  # written by services only; the admin reads it

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("medewerker"),
    )
    quiz = models.ForeignKey(
        "learning.QuizPage",
        on_delete=models.CASCADE,
        related_name="attempts",
        verbose_name=_("toets"),
    )
    module = models.ForeignKey(
        "learning.TrainingModulePage",
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("module"),
    )
    token = models.UUIDField(_("formuliercode"), default=uuid.uuid4)
    submitted_at = models.DateTimeField(_("ingeleverd op"), default=timezone.now)
    answers = models.JSONField(_("antwoorden"), default=dict)
    correct_count = models.PositiveSmallIntegerField(_("goed"))
    question_count = models.PositiveSmallIntegerField(_("vragen"))
    score = models.PositiveSmallIntegerField(_("score in procenten"))
    passed = models.BooleanField(_("geslaagd"))

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("toetspoging")
        verbose_name_plural = _("toetspogingen")
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="learning_attempt_once")
        ]
        indexes = [models.Index(fields=["module", "user"])]

    def __str__(self):
        return f"{self.user} – {self.quiz} ({self.score}%)"


class AttemptGrant(models.Model):
    """Extra quiz attempts a coordinator (or the national role) gave an employee who had used
    them all, with the reason. Attempts stay as they were: the history is kept, and the limit
    becomes the quiz's own number plus the grants since the employee's last completion.
    The form's token makes a double submit one grant."""

    wagtail_reference_index_ignore = True  # a record, not content: no "usage" rows
    service_owned_fields = "__all__"  # written by services only; the admin reads it

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="attempt_grants",
        verbose_name=_("medewerker"),
    )
    quiz = models.ForeignKey(
        "learning.QuizPage",
        on_delete=models.CASCADE,
        related_name="attempt_grants",
        verbose_name=_("toets"),
    )
    module = models.ForeignKey(
        "learning.TrainingModulePage",
        on_delete=models.CASCADE,
        related_name="attempt_grants",
        verbose_name=_("module"),
    )
    extra_attempts = models.PositiveSmallIntegerField(
        _("extra pogingen"), validators=[MinValueValidator(1)]
    )
    reason = models.CharField(_("reden"), max_length=500)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,  # the grant (and so the limit) outlives the account
        null=True,
        related_name="+",
        verbose_name=_("gegeven door"),
    )
    granted_at = models.DateTimeField(_("gegeven op"), default=timezone.now)
    token = models.UUIDField(_("formuliercode"), default=uuid.uuid4)

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("extra toetspoging")
        verbose_name_plural = _("extra toetspogingen")
        constraints = [
            models.UniqueConstraint(fields=["granted_by", "token"], name="learning_grant_once"),
            models.CheckConstraint(
                condition=models.Q(extra_attempts__gte=1), name="learning_grant_at_least_one"
            ),
        ]
        indexes = [models.Index(fields=["module", "user"])]

    def __str__(self):
        return f"{self.user} – {self.quiz} (+{self.extra_attempts})"


class Completion(models.Model):
    """A module completed: all lessons done and the quiz passed. A refresher (passing the
    quiz again) adds a new completion; the newest one counts."""

    wagtail_reference_index_ignore = True  # a record, not content: no "usage" rows
    service_owned_fields = "__all__"  # written by services only; the admin reads it

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="module_completions",
        verbose_name=_("medewerker"),
    )
    module = models.ForeignKey(
        "learning.TrainingModulePage",
        on_delete=models.PROTECT,
        related_name="completions",
        verbose_name=_("module"),
    )
    attempt = models.OneToOneField(
        QuizAttempt,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="completion",
        verbose_name=_("toetspoging"),
    )
    completed_at = models.DateTimeField(_("afgerond op"), default=timezone.now)
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)

    class Meta:
        ordering = ["-completed_at"]
        verbose_name = _("afgeronde module")
        verbose_name_plural = _("afgeronde modules")
        indexes = [models.Index(fields=["user", "module", "-completed_at"])]

    def __str__(self):
        return f"{self.user} – {self.module}"

    def is_valid_on(self, day):
        return self.valid_until is None or self.valid_until >= day


class Certificate(models.Model):
    """Proof of a completion with a public verification code. The file (PDF) is made by a
    Celery task after commit."""

    wagtail_reference_index_ignore = True  # a record, not content: no "usage" rows
    service_owned_fields = "__all__"  # written by services only; the admin reads it

    completion = models.OneToOneField(
        Completion,
        on_delete=models.CASCADE,
        related_name="certificate",
        verbose_name=_("afgeronde module"),
    )
    code = models.CharField(_("controlecode"), max_length=20, unique=True)
    holder_name = models.CharField(_("naam"), max_length=300)
    issued_at = models.DateTimeField(_("uitgegeven op"), default=timezone.now)
    # Private (the holder's name), under a random name: never the public verification code.
    file = models.FileField(
        _("bestand"), upload_to="certificaten/", storage=private_storage, blank=True
    )

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificaat")
        verbose_name_plural = _("certificaten")

    def __str__(self):
        return self.display_code

    @property
    def display_code(self):
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))


class ReminderSent(models.Model):
    """A reminder to an employee about one completion; at most one per kind."""

    wagtail_reference_index_ignore = True  # a record, not content: no "usage" rows
    service_owned_fields = "__all__"  # written by services only; the admin reads it

    class Kind(models.TextChoices):
        EXPIRING = "expiring", _("verloopt binnenkort")
        EXPIRED = "expired", _("verlopen")

    completion = models.ForeignKey(
        Completion, verbose_name=_("afronding"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)

    class Meta:
        verbose_name = _("verstuurde herinnering")
        verbose_name_plural = _("verstuurde herinneringen")
        constraints = [
            models.UniqueConstraint(fields=["completion", "kind"], name="learning_reminder_once")
        ]

    def __str__(self):
        return f"{self.completion} ({self.get_kind_display()})"


class DigestSent(models.Model):
    """A coordinator's digest for one organisation and period (ISO week): at most once."""

    wagtail_reference_index_ignore = True  # a record, not content: no "usage" rows
    service_owned_fields = "__all__"  # written by services only; the admin reads it

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coördinator"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "ido_platform.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    period = models.CharField(_("periode"), max_length=10)
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)

    class Meta:
        verbose_name = _("verstuurd overzicht")
        verbose_name_plural = _("verstuurde overzichten")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "period"], name="learning_digest_once"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.period})"
