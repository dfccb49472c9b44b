"""The application form as a Django form, so the page draws it with the site's one form-field
include and error summary. The view still parses the values (Dutch decimal commas, whole
numbers) and the services hold the rules; the form carries the answers as typed and the
errors, each on its field."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ApplicationForm(forms.Form):
    """Municipalities of the work area, hours per location, trained staff and the plan."""

    municipality = forms.MultipleChoiceField(
        label=_("Gemeenten in uw werkgebied"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    current_staff = forms.CharField(
        label=_("Medewerkers met basisopleiding nu"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    planned_staff = forms.CharField(
        label=_("Medewerkers met basisopleiding straks"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    plan = forms.CharField(
        label=_("Uw plan in het kort"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, municipalities, locations, **kwargs):
        # Ids are the field names ("current-12"), as the page has always posted them.
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [(str(m.pk), m.name) for m in municipalities]
        self.locations = list(locations)
        for location in self.locations:
            for which, label in (
                ("current", _("Nu (uur per week)")),
                ("planned", _("Gepland (uur per week)")),
            ):
                self.fields[f"{which}-{location.pk}"] = forms.CharField(
                    label=label,
                    required=False,
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                )
        # The hour fields first, after the municipalities, in the page's order.
        order = ["municipality"]
        order += [
            f"{w}-{location.pk}" for location in self.locations for w in ("current", "planned")
        ]
        self.order_fields(order)

    def hour_rows(self):
        """[(location, current field, planned field)] for the template."""
        return [
            (location, self[f"current-{location.pk}"], self[f"planned-{location.pk}"])
            for location in self.locations
        ]
