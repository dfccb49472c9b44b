"""The outbox: every message to a person is a row, written in the same transaction as the
change that causes it, and delivered by a Celery task after commit."""

import uuid

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """One message to one person over one channel (e-mail, or SMS: ido_platform/sms.py)."""

    wagtail_reference_index_ignore = True  # a record, not content: no "usage" rows
    service_owned_fields = "__all__"  # written by services only; the admin reads it

    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        SMS = "sms", _("sms")

    class Status(models.TextChoices):
        PENDING = "pending", _("wacht op verzending")
        SENDING = "sending", _("wordt verzonden")
        SENT = "sent", _("verzonden")
        FAILED = "failed", _("mislukt")
        # A worker died while sending: it may or may not have gone out. Never resent
        # automatically over e-mail; a person checks and resends (ido_platform/outbox.py).
        INTERRUPTED = "interrupted", _("verzending onderbroken")

    uuid = models.UUIDField(
        verbose_name=_("uuid (vaste sleutel)"), default=uuid.uuid4, unique=True, editable=False
    )
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("ontvanger"), max_length=254)
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"))
    # Attachments as JSON: [{"filename": ..., "content": ..., "mimetype": ...}] (text only,
    # e.g. an .ics calendar file), so a message is complete in its row.
    attachments = models.JSONField(_("bijlagen"), default=list, blank=True)
    kind = models.CharField(_("soort bericht"), max_length=50, db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("opgepakt op"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    # Retries: the sweep sends a pending message once next_attempt_at has passed (empty:
    # shortly after created_at), with exponential backoff, until retry_until.
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    retry_until = models.DateTimeField(_("opnieuw proberen tot"), null=True, blank=True)
    # What the message is about (an enrolment, ...), so the page about that thing can show
    # a message that did not arrive. Generic: the ground floor knows none of the apps.
    regarding_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("over (soort)"),
    )
    regarding_id = models.PositiveBigIntegerField(_("over (nummer)"), null=True, blank=True)
    regarding = GenericForeignKey("regarding_type", "regarding_id")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        indexes = [
            models.Index(fields=["status", "created_at"], name="message_status_created"),
            models.Index(fields=["status", "next_attempt_at"], name="message_status_next"),
            models.Index(fields=["regarding_type", "regarding_id"], name="message_regarding"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"

    def get_kind_display(self):
        return self.kind

    RESENDABLE = (Status.PENDING, Status.FAILED, Status.INTERRUPTED)

    @property
    def is_resendable(self):
        """A person may send it (again): it did not go out, and no worker is on it."""
        return self.status in self.RESENDABLE
