"""An audit of one IDO location against one framework version: the self-assessment, the
auditors' answers with comments and evidence photos, findings, improvement actions, the
review, and corrections of an approved audit as revisions."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from ido_platform.core.errors import ServiceRefusal
from ido_platform.core.models import Location
from ido_platform.core.private_files import private_storage

from .frameworks import Criterion, FrameworkVersion, Theme


class ApprovedAuditError(ServiceRefusal):
    """Raised when something tries to change an approved audit (use a revision instead)."""


def refuse_if_approved(audit_id):
    if audit_id and Audit.objects.filter(pk=audit_id, status=Audit.Status.APPROVED).exists():
        raise ApprovedAuditError(
            _(
                "Deze audit is goedgekeurd en kan niet meer veranderen. Een correctie wordt een "
                "nieuwe revisie met een reden."
            )
        )


class Outcome(models.TextChoices):
    VOLDOET = "voldoet", _("Voldoet")
    GEDEELTELIJK = "gedeeltelijk", _("Voldoet gedeeltelijk")
    VOLDOET_NIET = "voldoet_niet", _("Voldoet niet")


class Audit(models.Model):
    """One audit of a location. Status runs planned → self-assessment → in progress →
    submitted → approved; a reviewer may send a submitted audit back (to in progress).
    Scores are stored on approval so dashboards never recompute them."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Gepland")
        SELF_ASSESSMENT = "self_assessment", _("Zelfevaluatie")
        IN_PROGRESS = "in_progress", _("Audit bezig")
        SUBMITTED = "submitted", _("Ingediend")
        APPROVED = "approved", _("Goedgekeurd")

    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="audits", verbose_name=_("IDO-locatie")
    )
    version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="audits",
        verbose_name=_("kaderversie"),
    )
    auditors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="assigned_audits", verbose_name=_("auditoren")
    )
    planned_for = models.DateField(_("datum van het bezoek"))
    round = models.PositiveSmallIntegerField(
        _("ronde"), default=1, help_text=_("De hoeveelste audit van deze locatie.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    sent_back_reason = models.TextField(_("reden van terugsturen"), blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gepland door"),
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goedgekeurd door"),
    )
    score = models.DecimalField(
        _("totaalscore"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices, blank=True)
    revision_number = models.PositiveIntegerField(
        _("revisie"),
        default=0,
        help_text=_("0: zoals goedgekeurd; daarna het nummer van de laatste correctie."),
    )
    is_latest = models.BooleanField(
        _("laatste goedgekeurde audit van de locatie"), default=False, db_index=True
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    #: changed only through assessments.services.audits (the workflow)
    service_owned_fields = (
        "status",
        "sent_back_reason",
        "submitted_at",
        "approved_at",
        "approved_by",
        "score",
        "outcome",
        "revision_number",
        "is_latest",
        "planned_by",
    )

    panels = [
        FieldPanel("location"),
        FieldPanel("version"),
        FieldPanel("auditors"),
        FieldRowPanel([FieldPanel("planned_for"), FieldPanel("round")]),
    ]

    class Meta:
        ordering = ["-planned_for", "-pk"]
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        indexes = [models.Index(fields=["location", "-planned_for"], name="audit_location_date")]

    # The relations __str__ reads, joined when a list shows or exports it as text.
    STR_READS = ("location",)

    def __str__(self):
        return f"{self.location.name} – {self.planned_for:%d-%m-%Y}"

    def save(self, *args, **kwargs):
        # The stored row decides: an approved audit never changes (is_latest is bookkeeping
        # across rounds and may move on when a later audit is approved).
        if self.pk and kwargs.get("update_fields") != ["is_latest"]:
            refuse_if_approved(self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):

        return reverse("assessments:audit", args=[self.pk])

    def delete(self, *args, **kwargs):
        refuse_if_approved(self.pk)
        return super().delete(*args, **kwargs)

    @property
    def organisation_id(self):
        """For the organisation-based rules in ido_platform.core.permissions."""
        return self.location.organisation_id

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED


class AuditGuardedModel(models.Model):
    """Rows that belong to an audit and freeze with it."""

    service_owned_fields = "__all__"  # written by the audit pages' services only

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        refuse_if_approved(self.audit_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_approved(self.audit_id)
        return super().delete(*args, **kwargs)


class Answer(AuditGuardedModel):
    """An answer to one criterion, by the location (self-assessment) or by the auditor."""

    wagtail_reference_index_ignore = True  # a record, not content: no "usage" rows
    service_owned_fields = "__all__"  # written by services only; the admin reads it

    class Source(models.TextChoices):
        SELF = "self", _("Zelfevaluatie")
        AUDITOR = "auditor", _("Auditor")

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="answers"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterium"), on_delete=models.PROTECT, related_name="answers"
    )
    source = models.CharField(_("bron"), max_length=10, choices=Source.choices)
    value = models.DecimalField(
        _("antwoord"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    is_not_applicable = models.BooleanField(_("niet van toepassing"), default=False)
    comment = models.TextField(_("opmerking"), blank=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bijgewerkt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "criterion", "source"], name="answer_one_per_criterion_and_source"
            )
        ]

    def __str__(self):
        return f"{self.criterion.key}: {self.value}"

    @property
    def is_answered(self):
        return self.is_not_applicable or self.value is not None


def evidence_path(instance, filename):
    return f"audits/{instance.audit_id}/{uuid.uuid4().hex}.jpg"


class EvidencePhoto(AuditGuardedModel):
    """A photo as evidence, re-encoded without EXIF (see services.evidence). Never of visitors.
    It belongs to the theme whose scoring form it was added on, and to one of its criteria
    unless it was added for the theme in general."""

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="photos"
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bij thema"),
    )
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bij criterium"),
    )
    image = models.FileField(_("foto"), upload_to=evidence_path, storage=private_storage)
    caption = models.CharField(_("onderschrift"), max_length=200, blank=True)
    width = models.PositiveIntegerField(verbose_name=_("breedte (pixels)"), default=0)
    height = models.PositiveIntegerField(verbose_name=_("hoogte (pixels)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geüpload door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(verbose_name=_("geüpload op"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("bewijsfoto")
        verbose_name_plural = _("bewijsfoto's")

    def __str__(self):
        return self.caption or self.image.name


class Finding(AuditGuardedModel):
    """What the auditor found: a strength or a point to improve."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Sterk punt")
        IMPROVE = "improve", _("Verbeterpunt")

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="findings"
    )
    theme_key = models.SlugField(_("thema"), max_length=60, blank=True)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.IMPROVE)
    text = models.TextField(_("bevinding"))
    created_at = models.DateTimeField(verbose_name=_("aangemaakt op"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bevinding")
        verbose_name_plural = _("bevindingen")

    def __str__(self):
        return self.text[:80]


class ImprovementAction(models.Model):
    """An improvement action after an audit. It lives on after approval (its status and the
    evidence of the fix change while the library works on it)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("Mee bezig")
        DONE = "done", _("Afgerond")

    audit = models.ForeignKey(
        Audit, on_delete=models.CASCADE, related_name="actions", verbose_name=_("audit")
    )
    finding = models.ForeignKey(
        Finding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("bij bevinding"),
    )
    description = models.TextField(_("verbeteractie"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="improvement_actions",
        verbose_name=_("eigenaar"),
    )
    due_date = models.DateField(_("klaar op"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    fix_evidence = models.TextField(_("bewijs van de verbetering"), blank=True)
    completed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    reminder_sent_on = models.DateField(_("herinnering verstuurd op"), null=True, blank=True)
    overdue_notice_sent_on = models.DateField(
        _("melding te laat verstuurd op"), null=True, blank=True
    )
    reminder_undeliverable_on = models.DateField(
        _("herinnering kon niet worden bezorgd op"), null=True, blank=True
    )
    overdue_notice_undeliverable_on = models.DateField(
        _("melding te laat kon niet worden bezorgd op"), null=True, blank=True
    )

    #: changed only through assessments.services (update_action, the reminders)
    service_owned_fields = (
        "audit",
        "status",
        "fix_evidence",
        "completed_at",
        "reminder_sent_on",
        "overdue_notice_sent_on",
        "reminder_undeliverable_on",
        "overdue_notice_undeliverable_on",
    )

    search_fields = [index.SearchField("description")]
    panels = [
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("owner"), FieldPanel("due_date"), FieldPanel("status")]),
        FieldPanel("fix_evidence"),
    ]

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("verbeteractie")
        verbose_name_plural = _("verbeteracties")

    def __str__(self):
        return self.description[:80]

    @property
    def organisation_id(self):
        return self.audit.location.organisation_id

    @property
    def is_open(self):
        return self.status != self.Status.DONE

    def reminder_delivery(self):
        """For the admin list: whether the reminders reached someone."""
        if self.reminders_undeliverable:
            return _("kon niet worden bezorgd (geen e-mailadres)")
        if self.overdue_notice_sent_on or self.reminder_sent_on:
            return _("verstuurd")
        return ""

    reminder_delivery.short_description = _("herinneringen")

    @property
    def reminders_undeliverable(self):
        """True while a reminder or overdue notice has found nobody with an address."""
        return bool(
            (self.reminder_undeliverable_on and not self.reminder_sent_on)
            or (self.overdue_notice_undeliverable_on and not self.overdue_notice_sent_on)
        )


class ThemeScore(models.Model):
    """The score of one theme in an approved audit, kept by theme key for trends."""

    wagtail_reference_index_ignore = True  # a record, not content: no "usage" rows
    service_owned_fields = "__all__"  # written by services only; the admin reads it

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="theme_scores"
    )
    theme_key = models.SlugField(verbose_name=_("thema (sleutel)"), max_length=60)
    theme_title = models.CharField(verbose_name=_("thema"), max_length=200)
    score = models.DecimalField(verbose_name=_("score"), max_digits=5, decimal_places=1, null=True)

    class Meta:
        ordering = ["audit", "pk"]
        verbose_name = _("themascore")
        verbose_name_plural = _("themascores")
        constraints = [
            models.UniqueConstraint(fields=["audit", "theme_key"], name="theme_score_unique")
        ]

    def __str__(self):
        return f"{self.theme_title}: {self.score}"


class AuditEvent(models.Model):
    """The history of an audit: planned, submitted, sent back (with reason), approved,
    corrected. Append-only."""

    wagtail_reference_index_ignore = True  # a record, not content: no "usage" rows
    service_owned_fields = "__all__"  # written by services only; the admin reads it

    class Kind(models.TextChoices):
        PLANNED = "planned", _("Gepland")
        SELF_ASSESSMENT = "self_assessment", _("Zelfevaluatie ingevuld")
        STARTED = "started", _("Audit begonnen")
        SUBMITTED = "submitted", _("Ingediend")
        SENT_BACK = "sent_back", _("Teruggestuurd")
        APPROVED = "approved", _("Goedgekeurd")
        CORRECTED = "corrected", _("Gecorrigeerd")
        PHOTO_REMOVED = "photo_removed", _("Bewijsfoto verwijderd")

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(verbose_name=_("gebeurtenis"), max_length=20, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(verbose_name=_("tijdstip"), auto_now_add=True)
    reason = models.TextField(verbose_name=_("reden"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")

    def __str__(self):
        return f"{self.get_kind_display()} ({timezone.localtime(self.at):%d-%m-%Y %H:%M})"


class AuditRevision(models.Model):
    """A correction of an approved audit: the corrected answers (by criterion key), who,
    when and why, and the score after the correction. The original answers stay as they
    were approved; the latest revision is what reports show."""

    wagtail_reference_index_ignore = True  # a record, not content: no "usage" rows
    service_owned_fields = "__all__"  # written by services only; the admin reads it

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.PROTECT, related_name="revisions"
    )
    number = models.PositiveIntegerField(
        verbose_name=_("revisienummer"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("auteur"),
    )
    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True)
    reason = models.TextField(_("reden"))
    changes = models.JSONField(_("gecorrigeerde antwoorden"), default=dict)
    score = models.DecimalField(
        verbose_name=_("score na de correctie"), max_digits=5, decimal_places=1, null=True
    )
    outcome = models.CharField(
        verbose_name=_("uitkomst na de correctie"),
        max_length=20,
        choices=Outcome.choices,
        blank=True,
    )
    score_before = models.DecimalField(
        verbose_name=_("score voor de correctie"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
    )
    outcome_before = models.CharField(
        verbose_name=_("uitkomst voor de correctie"),
        max_length=20,
        choices=Outcome.choices,
        blank=True,
    )

    class Meta:
        ordering = ["audit", "number"]
        verbose_name = _("revisie")
        verbose_name_plural = _("revisies")
        constraints = [
            models.UniqueConstraint(fields=["audit", "number"], name="audit_revision_number")
        ]

    def __str__(self):
        return f"{_('Revisie')} {self.number}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ApprovedAuditError(_("Een revisie verandert niet meer."))
        super().save(*args, **kwargs)
