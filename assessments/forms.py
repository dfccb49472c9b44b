"""Forms of the audit pages: the scoring form of one theme (also for the self-assessment),
planning, review, findings, actions."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from assessments.models import ApprovedAuditError, Finding, FrameworkVersion, ImprovementAction
from assessments.services import audits as service
from assessments.services import evidence
from assessments.services.scoring import Given
from ido_platform.core import formatting
from ido_platform.core.models import Location, Role
from ido_platform.core.widgets import DateInput


class ScoringForm(forms.Form):
    """The answers to the criteria of one theme, plus an optional evidence photo. Drafts
    may be incomplete: nothing is required here; submission checks completeness."""

    photo = forms.FileField(label=_("Bewijsfoto toevoegen"), required=False)
    photo_criterion = forms.TypedChoiceField(
        label=_("Bij welk criterium hoort de foto?"), required=False, coerce=int, empty_value=None
    )
    photo_caption = forms.CharField(label=_("Onderschrift"), max_length=200, required=False)

    def __init__(self, *args, theme, with_photo=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme = theme
        self.with_photo = with_photo
        self.rows = []
        for criterion in theme.criteria_list:
            if not criterion.answered_by_person:
                self.rows.append({"criterion": criterion})
                continue
            prefix = f"c{criterion.pk}"
            choices = criterion.choices()
            if choices is None:
                value = forms.DecimalField(
                    label=criterion.title,
                    required=False,
                    min_value=Decimal(0),
                    max_digits=10,
                    decimal_places=2,
                    validators=[MinValueValidator(0)],
                    localize=True,
                )
            else:
                value = forms.ChoiceField(
                    label=criterion.title,
                    required=False,
                    choices=[(str(v), label) for v, label in choices],
                    widget=forms.RadioSelect,
                )
            self.fields[f"{prefix}-value"] = value
            if criterion.allows_not_applicable:
                self.fields[f"{prefix}-na"] = forms.BooleanField(
                    label=_("Niet van toepassing"), required=False
                )
            self.fields[f"{prefix}-comment"] = forms.CharField(
                label=_("Opmerking"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.rows.append(
                {
                    "criterion": criterion,
                    "value": self[f"{prefix}-value"],
                    "na": self[f"{prefix}-na"] if criterion.allows_not_applicable else None,
                    "comment": self[f"{prefix}-comment"],
                }
            )
        if with_photo:
            self.fields["photo_criterion"].choices = [("", _("Algemeen bij dit thema"))] + [
                (c.pk, c.title) for c in theme.criteria_list
            ]
        else:
            for name in ("photo", "photo_criterion", "photo_caption"):
                del self.fields[name]

    @staticmethod
    def initial_for(theme, answers):
        """Initial data from saved answers ({criterion id: Answer})."""
        initial = {}
        for criterion in theme.criteria_list:
            answer = answers.get(criterion.pk)
            if answer is None:
                continue
            prefix = f"c{criterion.pk}"
            if answer.value is not None:
                choices = criterion.choices()
                initial[f"{prefix}-value"] = (
                    str(int(answer.value)) if choices is not None else answer.value.normalize()
                )
            initial[f"{prefix}-na"] = answer.is_not_applicable
            initial[f"{prefix}-comment"] = answer.comment
        return initial

    def clean(self):
        cleaned = super().clean()
        for criterion in self.theme.criteria_list:
            prefix = f"c{criterion.pk}"
            if cleaned.get(f"{prefix}-na") and cleaned.get(f"{prefix}-value") not in (None, ""):
                self.add_error(
                    f"{prefix}-value",
                    _("Kies een antwoord óf 'niet van toepassing', niet allebei."),
                )
        return cleaned

    def given(self):
        """The answers as the scoring service takes them."""
        given = {}
        for criterion in self.theme.criteria_list:
            if not criterion.answered_by_person:
                continue
            prefix = f"c{criterion.pk}"
            raw = self.cleaned_data.get(f"{prefix}-value")
            value = None if raw in (None, "") else Decimal(raw)
            given[criterion.pk] = Given(
                value,
                bool(self.cleaned_data.get(f"{prefix}-na")),
                self.cleaned_data.get(f"{prefix}-comment", ""),
            )
        return given

    def photo_criterion_obj(self):
        chosen = self.cleaned_data.get("photo_criterion")
        return next((c for c in self.theme.criteria_list if c.pk == chosen), None)

    def save_draft(self, audit, *, source, by):
        """Save the valid form's answers as a draft, then the photo if one came with it.
        Returns whether the answers were saved; a refused photo becomes the photo field's
        error, a refused draft the form's. An approved audit's refusal is raised."""
        try:
            service.save_answers(audit, source=source, by=by, given=self.given())
        except ApprovedAuditError:
            raise
        except ValidationError as error:
            self.add_error(None, error.messages)
            return False
        upload = self.cleaned_data.get("photo") if self.with_photo else None
        if upload:
            try:
                evidence.add_photo(
                    audit,
                    upload=upload,
                    by=by,
                    theme=self.theme,
                    criterion=self.photo_criterion_obj(),
                    caption=self.cleaned_data.get("photo_caption", ""),
                )
            except ApprovedAuditError:
                raise
            except ValidationError as error:
                self.add_error("photo", error.messages)
        return True


class PlanAuditForm(forms.Form):
    """Plan an audit: location, framework version, one or two auditors, a date."""

    location = forms.ModelChoiceField(label=_("IDO-locatie"), queryset=Location.objects.none())
    version = forms.ModelChoiceField(
        label=_("Toetsingskader"), queryset=FrameworkVersion.objects.none()
    )
    auditors = forms.ModelMultipleChoiceField(
        label=_("Auditoren"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies één of twee auditoren."),
    )
    planned_for = forms.DateField(label=_("Datum van het bezoek"), widget=DateInput())

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations.select_related("organisation")
        self.fields["version"].queryset = FrameworkVersion.objects.select_related("framework")
        self.fields["auditors"].queryset = (
            get_user_model()
            .objects.filter(memberships__role=Role.AUDITOR, is_active=True)
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["auditors"].label_from_instance = formatting.person_name

    def clean_auditors(self):
        auditors = self.cleaned_data["auditors"]
        if not 1 <= len(auditors) <= 2:
            raise forms.ValidationError(_("Kies één of twee auditoren."))
        return auditors


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("approve", _("Goedkeuren")), ("send_back", _("Terugsturen naar de auditor"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reden (nodig bij terugsturen)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "send_back" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Geef een reden op waarom u de audit terugstuurt."))
        return cleaned


class FindingForm(forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["kind", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ActionForm(forms.ModelForm):
    class Meta:
        model = ImprovementAction
        fields = ["description", "owner", "due_date"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "due_date": DateInput(),
        }

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(memberships__organisation_id=audit.location.organisation_id)
            .distinct()
        )
        self.fields["owner"].label_from_instance = formatting.person_name


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ImprovementAction.Status.choices)
    fix_evidence = forms.CharField(
        label=_("Bewijs van de verbetering"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Beschrijf wat er is veranderd. Nodig als de actie is afgerond."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == ImprovementAction.Status.DONE
            and not cleaned.get("fix_evidence", "").strip()
        ):
            self.add_error("fix_evidence", _("Beschrijf hoe het verbeterd is."))
        return cleaned


class CorrectionForm(forms.Form):
    """Correct one answer of an approved audit; the correction becomes a revision."""

    criterion = forms.ChoiceField(label=_("Criterium"))
    value = forms.DecimalField(
        label=_("Nieuw antwoord (getal)"),
        required=False,
        min_value=Decimal(0),
        localize=True,
        help_text=_("Ja = 1, nee = 0; bij een schaal het niveau; bij een testcasus 0, 1 of 2."),
    )
    is_not_applicable = forms.BooleanField(label=_("Niet van toepassing"), required=False)
    reason = forms.CharField(
        label=_("Reden van de correctie"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_key = {c.key: c for t in themes for c in t.criteria_list}
        self.fields["criterion"].choices = [
            (c.key, f"{t.title}: {c.title}")
            for t in themes
            for c in t.criteria_list
            if c.answered_by_person
        ]

    def clean(self):
        cleaned = super().clean()
        value = cleaned.get("value")
        criterion = self.by_key.get(cleaned.get("criterion"))
        if value is None and not cleaned.get("is_not_applicable"):
            self.add_error("value", _("Geef een nieuw antwoord of kies 'niet van toepassing'."))
        elif value is not None and criterion is not None and criterion.choices() is not None:
            allowed = {Decimal(choice) for choice, _label in criterion.choices()}
            if value not in allowed:
                self.add_error("value", _("Dit antwoord past niet bij dit criterium."))
        if (
            cleaned.get("is_not_applicable")
            and criterion is not None
            and not criterion.allows_not_applicable
        ):
            self.add_error(
                "is_not_applicable", _("Bij dit criterium kan 'niet van toepassing' niet.")
            )
        return cleaned
