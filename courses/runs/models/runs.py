"""Course runs, their meetings, enrolments (with waitlist), attendance and reminders.

The same engine serves the citizen courses (Klik & Tik, Digisterker) and the staff
vaardigheidstraining. The rules (seats, waitlist, promotion) live in
``courses.runs.services.enrolment``; these models hold the state and the database constraints.
"""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from courses.runs.services.contact import normalise_email, normalise_phone
from ido_platform.core import formatting


class CourseRun(ClusterableModel):
    """One run of a course at an IDO location: a group with a number of seats and one or more
    meetings. ``first_meeting_at``/``last_meeting_at`` are kept in step with the meetings so
    lists can filter and sort without joining them."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("gepland")
        FULL = "full", _("vol")
        CANCELLED = "cancelled", _("geannuleerd")

    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("cursus"),
        on_delete=models.PROTECT,
        related_name="runs",
    )
    location = models.ForeignKey(
        "ido_platform.Location",
        verbose_name=_("locatie"),
        on_delete=models.PROTECT,
        related_name="course_runs",
    )
    seats = models.PositiveSmallIntegerField(_("aantal plaatsen"), default=8)
    teacher = models.CharField(_("docent"), max_length=200, blank=True)
    room = models.CharField(_("ruimte"), max_length=200, blank=True)
    notes = models.TextField(
        _("extra informatie voor deelnemers"), blank=True, help_text=_("Kort en in B1-taal.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    first_meeting_at = models.DateTimeField(_("eerste bijeenkomst"), null=True, editable=False)
    last_meeting_at = models.DateTimeField(_("laatste bijeenkomst"), null=True, editable=False)
    cancelled_reason = models.TextField(_("reden van annuleren"), blank=True)
    anonymised_at = models.DateTimeField(_("persoonsgegevens verwijderd op"), null=True, blank=True)
    created_at = models.DateTimeField(verbose_name=_("aangemaakt op"), auto_now_add=True)

    #: changed only through courses.runs.services.enrolment (cancel_run, seats_changed)
    service_owned_fields = ("status", "seats")

    panels = [
        FieldPanel("course"),
        FieldPanel("location"),
        FieldPanel("seats"),
        FieldPanel("teacher"),
        FieldPanel("room"),
        FieldPanel("notes"),
        FieldPanel("status"),
        InlinePanel("meetings", heading=_("bijeenkomsten"), label=_("bijeenkomst"), min_num=1),
    ]

    class Meta:
        verbose_name = _("cursusgroep")
        verbose_name_plural = _("cursusgroepen")
        ordering = ["first_meeting_at", "pk"]
        indexes = [models.Index(fields=["status", "first_meeting_at"], name="run_status_first")]
        constraints = [models.CheckConstraint(condition=Q(seats__gte=1), name="run_has_seats")]

    # The relations __str__ reads, joined when a list shows or exports it as text.
    STR_READS = ("course", "location")

    def __str__(self):
        when = (
            timezone.localtime(self.first_meeting_at).strftime("%d-%m-%Y")
            if self.first_meeting_at
            else "?"
        )
        return f"{self.course.title} — {self.location.name} — {when}"

    def save(self, *args, **kwargs):
        # The meeting bounds follow the meetings, also when a stale copy of the run is saved.
        if self.pk and kwargs.get("update_fields") is None:
            self.refresh_meeting_bounds(save=False)
        super().save(*args, **kwargs)

    @property
    def organisation_id(self):
        """The library organisation the run belongs to (for the access rules)."""
        return self.location.organisation_id

    def confirmed_count(self):
        """Seats taken. Uses the ``taken`` annotation when a list query provided it."""
        taken = getattr(self, "taken", None)
        if taken is None:
            taken = self.enrolments.filter(status__in=Enrolment.SEAT_STATUSES).count()
        return taken

    def seats_left(self):
        """Free seats (never below zero)."""
        return max(self.seats - self.confirmed_count(), 0)

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    def status_label(self, now=None):
        """The status as people read it: a run whose last meeting is over is "afgelopen"
        and one that has begun "bezig", whatever its stored (booking) status says."""
        now = now or timezone.now()
        if not self.is_cancelled:
            if self.last_meeting_at is not None and self.last_meeting_at < now:
                return _("afgelopen")
            if self.first_meeting_at is not None and self.first_meeting_at <= now:
                return _("bezig")
        return self.get_status_display()

    def is_open(self, now=None):
        """Open for enrolment: not cancelled and the first meeting has not started."""
        now = now or timezone.now()
        return (
            self.status != self.Status.CANCELLED
            and self.first_meeting_at is not None
            and self.first_meeting_at > now
        )

    def refresh_meeting_bounds(self, save=True):
        # Ask the database, not self.meetings: in the admin form that is an in-memory cluster.
        bounds = Meeting.objects.filter(run_id=self.pk).aggregate(
            first=models.Min("starts_at"), last=models.Max("ends_at")
        )
        self.first_meeting_at, self.last_meeting_at = bounds["first"], bounds["last"]
        if save:
            CourseRun.objects.filter(pk=self.pk).update(
                first_meeting_at=self.first_meeting_at, last_meeting_at=self.last_meeting_at
            )


class Meeting(Orderable):
    """One session of a run, e.g. the third of four Digisterker lessons."""

    run = ParentalKey(
        CourseRun, verbose_name=_("cursusgroep"), related_name="meetings", on_delete=models.CASCADE
    )
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"))
    topic = models.CharField(_("onderwerp"), max_length=200, blank=True)

    panels = [FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("topic")]

    class Meta(Orderable.Meta):
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self):
        return timezone.localtime(self.starts_at).strftime("%d-%m-%Y %H:%M")


class Enrolment(models.Model):
    """A person in a run: a staff member (``user``) or a citizen's minimal contact details.
    Never a BSN or a date of birth. ``arrival`` is the order of arrival in the run (also the
    waitlist order). A companion enrolment points at the person who brought them."""

    wagtail_reference_index_ignore = True  # a record, not content: no "usage" rows

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("aangemeld")
        WAITLISTED = "waitlisted", _("op de wachtlijst")
        CANCELLED = "cancelled", _("afgemeld")
        COMPLETED = "completed", _("afgerond")
        NO_SHOW = "no_show", _("niet gekomen")

    class Source(models.TextChoices):
        ONLINE = "online", _("via de website")
        DESK = "desk", _("aan de balie")
        PHONE = "phone", _("via de telefoon")

    class ComputerComfort(models.TextChoices):
        NEW = "new", _("Ik heb (bijna) nooit een computer gebruikt")
        BIT = "bit", _("Ik kan een beetje met een computer werken")
        FINE = "fine", _("Ik kan goed met een computer werken")

    class Device(models.TextChoices):
        OWN_LAPTOP = "own_laptop", _("Ik neem mijn eigen laptop mee")
        OWN_TABLET = "own_tablet", _("Ik neem mijn eigen tablet mee")
        LOAN = "loan", _("Ik wil graag een laptop lenen")

    class HeardVia(models.TextChoices):
        LIBRARY = "library", _("Via de bibliotheek")
        MUNICIPALITY = "municipality", _("Via de gemeente")
        UWV = "uwv", _("Via het UWV")
        WELFARE = "welfare", _("Via welzijn of een maatschappelijk werker")
        FAMILY = "family", _("Via familie, vrienden of buren")
        OTHER = "other", _("Anders")

    ACTIVE_STATUSES = (Status.CONFIRMED, Status.WAITLISTED)
    SEAT_STATUSES = (Status.CONFIRMED, Status.COMPLETED, Status.NO_SHOW)
    #: changed only through courses.runs.services.enrolment
    service_owned_fields = (
        "run",
        "user",
        "status",
        "arrival",
        "companion_of",
        "promoted_at",
        "cancelled_at",
        "completed_at",
        "anonymised_at",
    )

    uuid = models.UUIDField(
        verbose_name=_("uuid (vaste sleutel)"), default=uuid.uuid4, unique=True, editable=False
    )
    run = models.ForeignKey(
        CourseRun,
        verbose_name=_("cursusgroep"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="course_enrolments",
    )
    name = models.CharField(_("naam"), max_length=200, blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone_normalised = models.CharField(
        verbose_name=_("telefoonnummer (genormaliseerd)"), max_length=30, blank=True, editable=False
    )
    email_normalised = models.CharField(
        verbose_name=_("e-mailadres (genormaliseerd)"), max_length=254, blank=True, editable=False
    )
    companion_of = models.ForeignKey(
        "self",
        verbose_name=_("introducé van"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="companions",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    arrival = models.PositiveIntegerField(_("volgorde van aanmelden"))
    source = models.CharField(
        _("aangemeld"), max_length=10, choices=Source.choices, default=Source.ONLINE
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemeld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    computer_comfort = models.CharField(
        _("ervaring met de computer"), max_length=10, choices=ComputerComfort.choices, blank=True
    )
    device = models.CharField(_("apparaat"), max_length=12, choices=Device.choices, blank=True)
    heard_via = models.CharField(
        _("hoe gehoord"), max_length=15, choices=HeardVia.choices, blank=True
    )
    referred_by = models.CharField(_("doorverwezen door"), max_length=200, blank=True)
    consent_at = models.DateTimeField(_("toestemming gegeven op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("bijgewerkt op"), auto_now=True)
    promoted_at = models.DateTimeField(_("van de wachtlijst op"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True)
    completed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["run", "arrival"]
        indexes = [models.Index(fields=["run", "status", "arrival"], name="enrolment_queue")]
        constraints = [
            models.UniqueConstraint(fields=["run", "arrival"], name="enrolment_arrival_unique"),
            models.UniqueConstraint(
                fields=["run", "phone_normalised"],
                condition=Q(status__in=["confirmed", "waitlisted"]) & ~Q(phone_normalised=""),
                name="enrolment_one_active_per_phone",
            ),
            models.UniqueConstraint(
                fields=["run", "email_normalised"],
                condition=Q(status__in=["confirmed", "waitlisted"]) & ~Q(email_normalised=""),
                name="enrolment_one_active_per_email",
            ),
            models.UniqueConstraint(
                fields=["run", "user"],
                condition=Q(status__in=["confirmed", "waitlisted"]) & Q(user__isnull=False),
                name="enrolment_one_active_per_user",
            ),
        ]

    # The relations __str__ reads, joined when a list shows or exports it as text.
    STR_READS = ("user",)

    def __str__(self):
        return f"{self.display_name} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        """Keep the normalised contact fields (used for "one active enrolment per person")
        in step with what was typed, also after a correction in the admin."""

        try:
            self.phone_normalised = normalise_phone(self.phone)
        except ValidationError:
            self.phone_normalised = re.sub(r"\D", "", self.phone)
        try:
            self.email_normalised = normalise_email(self.email)
        except ValidationError:
            self.email_normalised = self.email.strip().lower()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "phone_normalised",
                "email_normalised",
            }
        super().save(*args, **kwargs)

    def clean(self):

        errors = {}
        for field, normalise in (("phone", normalise_phone), ("email", normalise_email)):
            try:
                normalise(getattr(self, field))
            except ValidationError as error:
                errors[field] = error.messages
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self):
        if self.user_id and not self.name:
            return formatting.person_name(self.user)
        return self.name or _("(geanonimiseerd)")

    @property
    def organisation_id(self):
        return self.run.location.organisation_id

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATUSES

    @property
    def page_state(self):
        """What the person's own confirmation page must say: one of ``anonymised``,
        ``cancelled``, ``completed``, ``no_show``, ``waitlisted``, ``promoted`` (a seat after
        the waitlist) or ``confirmed``."""
        if self.anonymised_at:
            return "anonymised"
        if self.status == self.Status.CONFIRMED:
            return "promoted" if self.promoted_at else "confirmed"
        return str(self.status)

    @property
    def contact_email(self):
        if self.email:
            return self.email
        if self.user_id:
            return self.user.email
        return ""


class Attendance(models.Model):
    """Whether an enrolled person was at one meeting (marked by the coordinator)."""

    wagtail_reference_index_ignore = True  # a record, not content: no "usage" rows
    service_owned_fields = "__all__"  # written by services only; the admin reads it

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("aanmelding"), on_delete=models.CASCADE, related_name="attendance"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="attendance"
    )
    present = models.BooleanField(_("aanwezig"))
    marked_at = models.DateTimeField(verbose_name=_("genoteerd op"), auto_now=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("genoteerd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "meeting"], name="attendance_once")
        ]

    def __str__(self):
        return f"{self.enrolment} — {self.meeting}: {'aanwezig' if self.present else 'afwezig'}"


class MeetingReminder(models.Model):
    """One reminder for one person for one meeting: its existence makes reminders
    idempotent (never twice per meeting per person)."""

    wagtail_reference_index_ignore = True  # a record, not content: no "usage" rows
    service_owned_fields = "__all__"  # written by services only; the admin reads it

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("aanmelding"), on_delete=models.CASCADE, related_name="reminders"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="reminders"
    )
    message = models.ForeignKey(
        "ido_platform.Message",
        verbose_name=_("bericht"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(verbose_name=_("aangemaakt op"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "meeting"], name="reminder_once")
        ]

    def __str__(self):
        return f"{self.enrolment} — {self.meeting}"


class EnrolmentEvent(models.Model):
    """The log of what happened to an enrolment and why: promoted, moved, cancelled..."""

    wagtail_reference_index_ignore = True  # a record, not content: no "usage" rows
    service_owned_fields = "__all__"  # written by services only; the admin reads it

    class Kind(models.TextChoices):
        ENROLLED = "enrolled", _("aangemeld")
        PROMOTED = "promoted", _("van de wachtlijst geplaatst")
        CANCELLED = "cancelled", _("afgemeld")
        MOVED_OUT = "moved_out", _("verplaatst naar een andere groep")
        MOVED_IN = "moved_in", _("verplaatst vanuit een andere groep")
        COMPLETED = "completed", _("afgerond")
        NO_SHOW = "no_show", _("niet gekomen")
        RUN_CANCELLED = "run_cancelled", _("groep geannuleerd")
        REMOVED = "removed", _("gegevens verwijderd in het beheer")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("aanmelding"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("gebeurtenis"), max_length=15, choices=Kind.choices)
    reason = models.TextField(_("reden"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("op"), auto_now_add=True)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.enrolment}"
