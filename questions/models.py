"""Question registration (vraagregistratie): a visit at an IDO with one or more questions,
counted without any personal data about the visitor; the rollups the monitor reads; the
desk links volunteers register through; and the visitors' own anonymous impact answers."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ido_platform.core.models import Province


class Channel(models.TextChoices):
    DESK = "desk", _("Aan de balie")
    PHONE = "phone", _("Telefoon")
    EMAIL = "email", _("E-mail")
    ONLINE = "online", _("Online (chat of video)")
    OUTSIDE = "outside", _("Buiten de bibliotheek")


class Kind(models.TextChoices):
    GOVERNMENT = "government", _("Digitale overheid")
    LIBRARY = "library", _("Dienst van de bibliotheek")
    OTHER = "other", _("Andere vraag")


class DigidFollowUp(models.TextChoices):
    APPLY = "apply", _("Aanvragen")
    ACTIVATE = "activate", _("Activeren")
    RECOVER = "recover", _("Herstellen of nieuwe code")
    AUTHORISE = "authorise", _("Iemand machtigen")
    APP = "app", _("DigiD-app")


class Action(models.TextChoices):
    INFORMATION = "information", _("Informatie gegeven")
    TOGETHER = "together", _("Samen gedaan")
    REFERRED = "referred", _("Doorverwezen")


class Referral(models.TextChoices):
    PROVIDER = "provider", _("De uitvoeringsorganisatie")
    MUNICIPALITY = "municipality", _("De gemeente")
    LEGAL = "legal", _("Het Juridisch Loket")
    SOCIAL = "social", _("Sociaal werk of schuldhulp")
    VOLUNTEERS = "volunteers", _("Vrijwilligers (bijvoorbeeld belastinghulp)")
    OTHER = "other", _("Ergens anders")


class Duration(models.TextChoices):
    UNDER_5 = "lt5", _("Korter dan 5 minuten")
    UNDER_15 = "5-15", _("5 tot 15 minuten")
    UNDER_30 = "15-30", _("15 tot 30 minuten")
    LONGER = "gt30", _("Langer dan 30 minuten")


class OtherOrganisation(models.TextChoices):
    MUNICIPALITY = "municipality", _("Gemeente")
    OTHER = "other", _("Andere organisatie")


class DeskLink(models.Model):
    """A revocable link that lets people at one desk register questions without an account.
    Only a SHA-256 hash of its secret is stored; the link itself is shown once, when made."""

    wagtail_reference_index_ignore = True

    location = models.ForeignKey(
        "ido_platform.Location",
        on_delete=models.CASCADE,
        related_name="desk_links",
        verbose_name=_("IDO-locatie"),
    )
    label = models.CharField(_("omschrijving"), max_length=100, blank=True)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("gemaakt door"),
    )
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingetrokken door"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("baliekoppeling")
        verbose_name_plural = _("baliekoppelingen")

    def __str__(self):
        return self.label or str(self.location)

    @property
    def organisation_id(self):
        return self.location.organisation_id

    @property
    def is_active(self):
        return self.revoked_at is None


class Visit(models.Model):
    """One visitor's contact with the IDO: a channel, a day and one or more questions. The
    ``client_id`` is made by the browser (or the page), so a retry counts once."""

    wagtail_reference_index_ignore = True

    client_id = models.UUIDField(_("registratiecode"), unique=True, default=uuid.uuid4)
    location = models.ForeignKey(
        "ido_platform.Location",
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("IDO-locatie"),
    )
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices)
    day = models.DateField(_("datum"))
    hour = models.PositiveSmallIntegerField(
        _("uur"), null=True, blank=True, help_text=_("Leeg bij een registratie achteraf.")
    )
    note = models.CharField(_("korte notitie"), max_length=200, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registered_visits",
        verbose_name=_("geregistreerd door"),
    )
    desk_link = models.ForeignKey(
        DeskLink,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("via baliekoppeling"),
    )
    registered_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)
    deleted_at = models.DateTimeField(_("verwijderd op"), null=True, blank=True)

    class Meta:
        ordering = ["-registered_at"]
        verbose_name = _("bezoek")
        verbose_name_plural = _("bezoeken")
        indexes = [models.Index(fields=["location", "day"], name="visit_location_day")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hour__isnull=True) | models.Q(hour__lte=23),
                name="visit_hour_of_day",
            )
        ]

    def __str__(self):
        return f"{self.location} {self.day:%d-%m-%Y} ({self.get_channel_display()})"

    @property
    def organisation_id(self):
        return self.location.organisation_id

    @property
    def is_deleted(self):
        return self.deleted_at is not None


class Question(models.Model):
    """One question of a visit, in the categories of the national registration form."""

    wagtail_reference_index_ignore = True

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="questions", verbose_name=_("bezoek")
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    kind = models.CharField(_("soort vraag"), max_length=12, choices=Kind.choices)
    topic = models.ForeignKey(
        "ido_platform.Topic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("onderwerp"),
    )
    service_providers = models.ManyToManyField(
        "ido_platform.ServiceProvider",
        blank=True,
        related_name="questions",
        verbose_name=_("over welke organisatie"),
    )
    other_organisation = models.CharField(
        _("andere organisatie"), max_length=12, choices=OtherOrganisation.choices, blank=True
    )
    digid_follow_up = models.CharField(
        _("DigiD: wat was nodig"), max_length=10, choices=DigidFollowUp.choices, blank=True
    )
    action = models.CharField(_("wat is er gedaan"), max_length=12, choices=Action.choices)
    referred_to = models.CharField(
        _("doorverwezen naar"), max_length=12, choices=Referral.choices, blank=True
    )
    duration = models.CharField(_("duur"), max_length=5, choices=Duration.choices)

    class Meta:
        ordering = ["visit", "position"]
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.topic or '-'}"


class Correction(models.Model):
    """A change to or the deletion of a registration, with who did it and why. Kept after the
    visit is deleted (the visit row stays, marked deleted)."""

    wagtail_reference_index_ignore = True

    class Kind(models.TextChoices):
        CHANGED = "changed", _("gecorrigeerd")
        DELETED = "deleted", _("verwijderd")

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("bezoek")
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("door"),
    )
    at = models.DateTimeField(_("op"), auto_now_add=True)
    reason = models.CharField(_("reden"), max_length=300, blank=True)
    before = models.JSONField(_("registratie daarvoor"), default=dict)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("correctie")
        verbose_name_plural = _("correcties")

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%d-%m-%Y}"


class QuestionTally(models.Model):
    """Rollup: the number of questions per location, day, hour and category. Kept in step by
    the registration services in the same transaction, so the monitor never counts raw rows.
    ``hour`` 24 means unknown, ``topic_id`` 0 no topic, an empty ``referred_to`` no referral."""

    wagtail_reference_index_ignore = True
    UNKNOWN_HOUR = 24

    location = models.ForeignKey(
        "ido_platform.Location", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    hour = models.PositiveSmallIntegerField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    topic_id = models.PositiveIntegerField()
    action = models.CharField(max_length=12, choices=Action.choices)
    referred_to = models.CharField(max_length=12, blank=True)
    count = models.IntegerField(default=0)
    # When the latest visit counted here was registered (kept when it is deleted): the
    # monitor's "last registration in this selection" without reading the visits.
    last_registered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("telling per dag")
        verbose_name_plural = _("tellingen per dag")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "location",
                    "day",
                    "hour",
                    "channel",
                    "kind",
                    "topic_id",
                    "action",
                    "referred_to",
                ],
                name="question_tally_key",
            )
        ]
        indexes = [models.Index(fields=["day", "location"], name="question_tally_day")]

    def __str__(self):
        return f"{self.day} {self.kind} {self.topic_id}: {self.count}"


class OrganisationTally(models.Model):
    """Rollup: questions per location, day and the organisation they are about
    (``organisation_key``: a service provider's id, "municipality" or "other")."""

    wagtail_reference_index_ignore = True

    location = models.ForeignKey(
        "ido_platform.Location", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    organisation_key = models.CharField(max_length=20)
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("telling per organisatie")
        verbose_name_plural = _("tellingen per organisatie")
        constraints = [
            models.UniqueConstraint(
                fields=["location", "day", "organisation_key"], name="organisation_tally_key"
            )
        ]
        indexes = [models.Index(fields=["day", "location"], name="organisation_tally_day")]

    def __str__(self):
        return f"{self.day} {self.organisation_key}: {self.count}"


class ImpactResponse(models.Model):
    """A visitor's own answers to the short impact questionnaire. Anonymous: linked to the
    location and the week (its Monday) only, never to a visit, a person or a time."""

    wagtail_reference_index_ignore = True

    class Answer(models.TextChoices):
        YES = "yes", _("Ja")
        PARTLY = "partly", _("Een beetje")
        NO = "no", _("Nee")

    location = models.ForeignKey(
        "ido_platform.Location",
        on_delete=models.CASCADE,
        related_name="impact_responses",
        verbose_name=_("IDO-locatie"),
    )
    week = models.DateField(_("week (maandag)"))
    answered = models.CharField(_("vraag beantwoord"), max_length=6, choices=Answer.choices)
    knows_next_step = models.CharField(_("weet wat te doen"), max_length=6, choices=Answer.choices)
    would_return = models.CharField(_("zou terugkomen"), max_length=6, choices=Answer.choices)
    rating = models.PositiveSmallIntegerField(_("cijfer voor de hulp"))

    class Meta:
        verbose_name = _("impactantwoord")
        verbose_name_plural = _("impactantwoorden")
        indexes = [models.Index(fields=["location", "week"], name="impact_location_week")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="impact_rating_1_to_5"
            )
        ]

    def __str__(self):
        return f"{self.location} {self.week:%d-%m-%Y}"


class TopicPeak(models.Model):
    """A week in which a topic was asked about far more than its recent baseline, nationally
    (``province`` empty) or in one province. One row per topic, place and week, so the
    nightly detector tells people once."""

    wagtail_reference_index_ignore = True

    topic = models.ForeignKey(
        "ido_platform.Topic",
        on_delete=models.CASCADE,
        related_name="question_peaks",
        verbose_name=_("onderwerp"),
    )
    province = models.CharField(_("provincie"), max_length=2, choices=Province.choices, blank=True)
    week = models.DateField(_("week (maandag)"))
    count = models.PositiveIntegerField(_("vragen in die week"))
    baseline = models.FloatField(_("gebruikelijk aantal per week"))
    detected_at = models.DateTimeField(_("gevonden op"), auto_now_add=True)

    class Meta:
        ordering = ["-week", "-count"]
        verbose_name = _("piek in vragen")
        verbose_name_plural = _("pieken in vragen")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "province", "week"], name="topic_peak_once_per_week"
            )
        ]

    def __str__(self):
        return f"{self.topic} {self.week:%d-%m-%Y}"
