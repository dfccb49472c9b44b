"""The public enrolment form (three clear steps) and the coordinator's forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from courses.runs.models import CourseRun, Enrolment
from courses.runs.services.contact import normalise_email, normalise_phone
from courses.runs.services.enrolment import Intake


class EnrolmentForm(forms.Form):
    """Step 1: who you are and how we reach you. Step 2: a short intake. Step 3: consent."""

    name = forms.CharField(
        label=_("Uw naam"),
        max_length=200,
        error_messages={"required": _("Vul uw naam in.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Telefoonnummer"),
        max_length=30,
        required=False,
        help_text=_("Bijvoorbeeld 0612345678. Wij bellen u als er iets verandert."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("E-mailadres"),
        max_length=254,
        required=False,
        help_text=_(
            "Niet verplicht. Met een e-mailadres krijgt u een bevestiging en herinneringen."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    computer_comfort = forms.ChoiceField(
        label=_("Hoe goed kunt u met een computer werken?"),
        choices=Enrolment.ComputerComfort.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe goed u met een computer kunt werken.")},
    )
    device = forms.ChoiceField(
        label=_("Welk apparaat gebruikt u in de les?"),
        choices=Enrolment.Device.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies welk apparaat u gebruikt.")},
    )
    heard_via = forms.ChoiceField(
        label=_("Hoe hoorde u van deze cursus?"),
        choices=Enrolment.HeardVia.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    referred_by = forms.CharField(
        label=_("Heeft iemand u gestuurd? Wie?"),
        max_length=200,
        required=False,
        help_text=_("Niet verplicht. Bijvoorbeeld: de klantmanager van de gemeente."),
    )
    bring_companion = forms.BooleanField(
        label=_("Ik neem iemand mee die ook de cursus wil volgen"), required=False
    )
    companion_name = forms.CharField(
        label=_("Naam van de persoon die u meeneemt"),
        max_length=200,
        required=False,
        help_text=_("U krijgt samen een plaats, of u komt samen op de wachtlijst."),
    )
    consent = forms.BooleanField(
        label=_("Ik heb de privacyverklaring gelezen en ga akkoord."),
        error_messages={"required": _("Geef toestemming, anders kunnen wij u niet aanmelden.")},
    )

    steps = (
        (_("Stap 1 van 3: uw gegevens"), ("name", "phone", "email")),
        (
            _("Stap 2 van 3: over u"),
            (
                "computer_comfort",
                "device",
                "heard_via",
                "referred_by",
                "bring_companion",
                "companion_name",
            ),
        ),
        (_("Stap 3 van 3: toestemming"), ("consent",)),
    )

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.steps]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Vul uw naam in."))
        return name

    def clean_phone(self):
        return (
            self.cleaned_data["phone"].strip()
            if normalise_phone(self.cleaned_data["phone"])
            else ""
        )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        no_contact_errors = not self.errors.get("phone") and not self.errors.get("email")
        if no_contact_errors and not cleaned.get("phone") and not cleaned.get("email"):
            self.add_error("phone", _("Vul een telefoonnummer of een e-mailadres in, of allebei."))
        if cleaned.get("bring_companion") and not cleaned.get("companion_name", "").strip():
            self.add_error("companion_name", _("Vul de naam in van de persoon die u meeneemt."))
        if not cleaned.get("bring_companion"):
            cleaned["companion_name"] = ""
        return cleaned

    def enrolment_arguments(self):
        """The valid form as keyword arguments for ``services.enrolment.enrol``."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "phone": data["phone"],
            "email": data["email"],
            "companion_name": data["companion_name"],
            "intake": Intake(
                computer_comfort=data["computer_comfort"],
                device=data["device"],
                heard_via=data["heard_via"],
                referred_by=data["referred_by"],
            ),
            "consent": data["consent"],
        }


class AssistedEnrolmentForm(EnrolmentForm):
    """The same form at the desk or on the phone; the coordinator records how it came in."""

    source = forms.ChoiceField(
        label=_("Aangemeld"),
        choices=[
            (Enrolment.Source.DESK, Enrolment.Source.DESK.label),
            (Enrolment.Source.PHONE, Enrolment.Source.PHONE.label),
        ],
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_("De deelnemer heeft de privacyverklaring gehoord of gelezen en gaat akkoord."),
        error_messages={"required": _("Zonder toestemming kunt u niemand aanmelden.")},
    )
    steps = (
        (_("Gegevens"), ("source", "name", "phone", "email")),
        EnrolmentForm.steps[1],
        EnrolmentForm.steps[2],
    )


class MoveForm(forms.Form):
    """Move a participant to another run of the same course, with a reason for the log."""

    to_run = forms.ModelChoiceField(label=_("Naar groep"), queryset=CourseRun.objects.none())
    reason = forms.CharField(
        label=_("Reden"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, runs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if runs is not None:
            self.fields["to_run"].queryset = runs


class CancelRunForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden (deze tekst krijgen de deelnemers te zien)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
