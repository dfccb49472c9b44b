"""Forms for the registration screen (one visit, several questions as a formset), corrections,
desk links, the monitor's filters and the visitors' impact questionnaire. Forms parse;
the rules are in ``services``."""

import datetime
import uuid

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ido_platform.core.models import LibraryOrganisation, Location, Province, ServiceProvider, Topic
from ido_platform.core.parsing import positive_int
from questions.models import (
    Action,
    Channel,
    DigidFollowUp,
    Duration,
    ImpactResponse,
    Kind,
    OtherOrganisation,
    Referral,
)
from questions.services import monitor
from questions.services.registration import MAX_QUESTIONS, QuestionInput

CHOOSE = [("", _("– kies –"))]


class IdChoiceField(forms.ModelChoiceField):
    """A model choice by id that refuses a value beyond the database's integer range (or
    not a plain number) as an invalid choice instead of letting the query overflow."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if positive_int(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class LocationChoiceField(IdChoiceField):
    def label_from_instance(self, obj):
        return obj.name

    def to_python(self, value):
        """The chosen location from the choices the form has read (``VisitForm``), without
        asking the database again."""
        loaded = self.queryset._result_cache
        if loaded is None or value in self.empty_values:
            return super().to_python(value)
        chosen = positive_int(value)
        for location in loaded:
            if location.pk == chosen:
                return location
        raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


class VisitForm(forms.Form):
    """The visit: where, how, when, and an optional short note (never personal data)."""

    client_id = forms.UUIDField(widget=forms.HiddenInput)
    location = LocationChoiceField(
        label=_("Locatie"),
        queryset=Location.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("U werkt niet op deze locatie.")},
    )
    channel = forms.ChoiceField(
        label=_("Hoe kwam de vraag binnen?"),
        choices=Channel.choices,
        widget=forms.RadioSelect(attrs={"class": "choice-tiles"}),
        error_messages={"required": _("Kies hoe de vraag binnenkwam.")},
    )
    day = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("Vul een geldige datum in."),
            "required": _("Vul de datum in."),
        },
    )
    note = forms.CharField(
        label=_("Korte notitie (niet verplicht)"),
        required=False,
        max_length=200,
        help_text=_(
            "Zonder persoonsgegevens: geen naam, BSN, telefoonnummer, e-mailadres "
            "of rekeningnummer."
        ),
        error_messages={"max_length": _("De notitie is te lang: houd het bij 200 tekens.")},
    )

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["location"]
        field.queryset = locations
        choices = list(field.queryset)  # read once: the choice below and the validation
        if len(choices) == 1:
            field.widget = forms.HiddenInput()
            field.initial = choices[0].pk
        self.fields["day"].initial = timezone.localdate()
        self.fields["client_id"].initial = uuid.uuid4()


def organisation_choices():
    providers = [
        (str(pk), abbreviation or name)
        for pk, name, abbreviation in ServiceProvider.objects.order_by("name").values_list(
            "pk", "name", "abbreviation"
        )
    ]
    return providers + list(OtherOrganisation.choices)


class QuestionForm(forms.Form):
    """One question in the categories of the national form."""

    kind = forms.ChoiceField(
        label=_("Soort vraag"),
        choices=Kind.choices,
        widget=forms.RadioSelect(attrs={"class": "choice-tiles"}),
        error_messages={"required": _("Kies de soort vraag.")},
    )
    topic = IdChoiceField(
        label=_("Onderwerp"),
        queryset=Topic.objects.order_by("name"),
        required=False,
        empty_label=_("– geen of ander onderwerp –"),
        error_messages={"invalid_choice": _("Kies een onderwerp uit de lijst.")},
    )
    organisations = forms.MultipleChoiceField(
        label=_("Over welke organisatie ging het?"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-tiles"}),
        error_messages={"invalid_choice": _("Kies een organisatie uit de lijst.")},
    )
    digid_follow_up = forms.ChoiceField(
        label=_("Bij DigiD: wat was nodig?"),
        choices=CHOOSE + list(DigidFollowUp.choices),
        required=False,
        error_messages={"invalid_choice": _("Kies wat er met DigiD nodig was.")},
    )
    action = forms.ChoiceField(
        label=_("Wat is er gedaan?"),
        choices=Action.choices,
        widget=forms.RadioSelect(attrs={"class": "choice-tiles"}),
        error_messages={"required": _("Kies wat er is gedaan.")},
    )
    referred_to = forms.ChoiceField(
        label=_("Doorverwezen naar"),
        choices=CHOOSE + list(Referral.choices),
        required=False,
        error_messages={"invalid_choice": _("Kies waarnaar u hebt doorverwezen.")},
    )
    duration = forms.ChoiceField(
        label=_("Hoe lang duurde het?"),
        choices=Duration.choices,
        widget=forms.RadioSelect(attrs={"class": "choice-tiles"}),
        error_messages={"required": _("Kies hoe lang het duurde.")},
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].choices = organisations or organisation_choices()

    def clean(self):
        data = super().clean()
        if data.get("action") == Action.REFERRED and not data.get("referred_to"):
            self.add_error("referred_to", _("Kies waarnaar u hebt doorverwezen."))
        return data

    def question_input(self, providers):
        data = self.cleaned_data
        chosen = data.get("organisations") or []
        others = [value for value in chosen if value in OtherOrganisation.values]
        return QuestionInput(
            kind=data["kind"],
            topic=data.get("topic"),
            service_providers=[
                providers[int(v)] for v in chosen if v.isdigit() and int(v) in providers
            ],
            other_organisation=others[0] if others else "",
            digid_follow_up=data.get("digid_follow_up") or "",
            action=data["action"],
            referred_to=data.get("referred_to") or "",
            duration=data["duration"],
        )


class BaseQuestionFormSet(BaseFormSet):
    default_error_messages = {
        "missing_management_form": _(
            "Het formulier is niet compleet verstuurd. Probeer het opnieuw."
        ),
        "too_many_forms": _("Registreer hoogstens %(num)d vragen per bezoek."),
        "too_few_forms": _("Registreer minstens één vraag."),
    }

    def __init__(self, *args, organisations=None, **kwargs):
        self.organisations = organisations or organisation_choices()
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"organisations": self.organisations}

    def providers(self):
        """The service providers the choices offer, by id. A registration needs only their
        ids, so they come from the choices already read, not from another query."""
        return {
            int(value): ServiceProvider(pk=int(value))
            for value, _label in self.organisations
            if value.isdigit()
        }

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            organisations=self.organisations,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form


QuestionFormSet = formset_factory(
    QuestionForm,
    formset=BaseQuestionFormSet,
    extra=0,
    min_num=1,
    max_num=MAX_QUESTIONS,
    absolute_max=MAX_QUESTIONS,
    validate_min=True,
    validate_max=True,
)


def question_initial(visit):
    """Form values that repeat a visit's questions ("same again")."""
    rows = []
    for question in visit.questions.all():
        organisations = [str(p.pk) for p in question.service_providers.all()]
        if question.other_organisation:
            organisations.append(question.other_organisation)
        rows.append(
            {
                "kind": question.kind,
                "topic": question.topic_id,
                "organisations": organisations,
                "digid_follow_up": question.digid_follow_up,
                "action": question.action,
                "referred_to": question.referred_to,
                "duration": question.duration,
            }
        )
    return rows


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Nodig als u een registratie van een andere dag of van een ander wijzigt."),
        error_messages={"max_length": _("De reden is te lang: houd het bij 300 tekens.")},
    )


class DeskLinkForm(forms.Form):
    location = LocationChoiceField(
        label=_("Locatie"),
        queryset=Location.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Kies een locatie van uw eigen bibliotheek.")},
    )
    label = forms.CharField(
        label=_("Omschrijving (niet verplicht)"),
        required=False,
        max_length=100,
        help_text=_("Bijvoorbeeld: tablet bij de balie."),
        error_messages={"max_length": _("Houd de omschrijving bij 100 tekens.")},
    )

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations


def date_filter(label):
    """An optional day in a filter form (the monitor's and the partner figures' period)."""
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def granularity_filter():
    """Count per week, month, quarter or year."""
    return forms.ChoiceField(
        label=_("Per"),
        required=False,
        choices=list(monitor.GRANULARITIES.items()),
    )


class MonitorFilterForm(forms.Form):
    """The monitor's filters (GET). Invalid values fall back to the defaults."""

    start = date_filter(_("Van"))
    end = date_filter(_("Tot en met"))
    per = granularity_filter()
    provincie = forms.ChoiceField(
        label=_("Provincie"), required=False, choices=[("", _("Alle"))] + list(Province.choices)
    )
    gemeente = forms.ChoiceField(label=_("Gemeente"), required=False)
    organisatie = IdChoiceField(
        label=_("Bibliotheek"),
        required=False,
        queryset=LibraryOrganisation.objects.order_by("name"),
        empty_label=_("Alle"),
    )
    locatie = LocationChoiceField(
        label=_("Locatie"),
        required=False,
        queryset=Location.objects.order_by("name"),
        empty_label=_("Alle"),
    )
    soort = forms.ChoiceField(
        label=_("Soort vraag"), required=False, choices=[("", _("Alle"))] + list(Kind.choices)
    )
    onderwerp = IdChoiceField(
        label=_("Onderwerp"),
        required=False,
        queryset=Topic.objects.order_by("name"),
        empty_label=_("Alle"),
    )
    kanaal = forms.ChoiceField(
        label=_("Kanaal"), required=False, choices=[("", _("Alle"))] + list(Channel.choices)
    )
    plek = forms.ChoiceField(
        label=_("Binnen of buiten"),
        required=False,
        choices=[
            ("", _("Allebei")),
            ("inside", _("In de bibliotheek")),
            ("outside", _("Buiten de bibliotheek")),
        ],
    )

    MAX_DAYS = 366 * 5

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = Location.objects.municipalities()
        self.fields["gemeente"].choices = [("", _("Alle"))] + [(m, m) for m in municipalities]

    def selection(self, default):
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or default.end
        start = data.get("start") or default.start
        if start > end:
            start, end = end, start
        start = max(start, end - datetime.timedelta(days=self.MAX_DAYS))
        return monitor.Selection(
            start=start,
            end=end,
            granularity=data.get("per") or "week",
            province=data.get("provincie") or "",
            municipality=data.get("gemeente") or "",
            organisation_id=data["organisatie"].pk if data.get("organisatie") else None,
            location_id=data["locatie"].pk if data.get("locatie") else None,
            kind=data.get("soort") or "",
            topic_id=data["onderwerp"].pk if data.get("onderwerp") else None,
            channel=data.get("kanaal") or "",
            place=data.get("plek") or "",
        )


ANSWERS = ImpactResponse.Answer.choices


class ImpactForm(forms.Form):
    """Four short B1 questions for the visitor. Nothing about the person."""

    answered = forms.ChoiceField(
        label=_("Hebben wij uw vraag beantwoord?"),
        choices=ANSWERS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een antwoord bij vraag 1.")},
    )
    knows_next_step = forms.ChoiceField(
        label=_("Weet u nu wat u moet doen?"),
        choices=ANSWERS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een antwoord bij vraag 2.")},
    )
    would_return = forms.ChoiceField(
        label=_("Komt u terug als u weer een vraag heeft?"),
        choices=ANSWERS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een antwoord bij vraag 3.")},
    )
    rating = forms.TypedChoiceField(
        label=_("Welk cijfer geeft u de hulp? 1 is slecht, 5 is heel goed."),
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een cijfer bij vraag 4.")},
    )


class PartnerFilterForm(forms.Form):
    """The partner figures' filters (GET): which of the user's organisations, the period and
    optionally one province. Unlike the monitor's filters, a wrong value is refused: an
    analyst who asks for another organisation gets a message, not someone's figures."""

    organisatie = IdChoiceField(
        label=_("Organisatie"),
        queryset=ServiceProvider.objects.none(),
        required=False,
        empty_label=None,
        error_messages={"invalid_choice": _("U mag de cijfers van deze organisatie niet zien.")},
    )
    start = date_filter(_("Van"))
    end = date_filter(_("Tot en met"))
    per = granularity_filter()
    provincie = forms.ChoiceField(
        label=_("Provincie"),
        required=False,
        choices=[("", _("Heel Nederland"))] + list(Province.choices),
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = providers

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
        return data

    def provider(self):
        return self.cleaned_data.get("organisatie") or self.fields["organisatie"].queryset.first()

    def selection(self, default):
        data = self.cleaned_data
        end = data.get("end") or default.end
        start = data.get("start") or default.start
        start = max(min(start, end), end - datetime.timedelta(days=MonitorFilterForm.MAX_DAYS))
        return monitor.Selection(
            start=start,
            end=end,
            granularity=data.get("per") or "week",
            province=data.get("provincie") or "",
        )
