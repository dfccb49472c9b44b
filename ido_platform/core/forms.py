"""Admin forms that narrow their choices to what the editing user may hand out."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from ido_platform.core import permissions
from ido_platform.core.models import Location, Organisation, Role


class MembershipForm(WagtailAdminModelForm):
    """Coordinators add staff to their own library, in the library roles only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or permissions.is_national(user):
            return
        own = permissions.organisation_ids(user, Role.COORDINATOR)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=own)
        self.fields["location"].queryset = Location.objects.filter(organisation_id__in=own)
        self.fields["role"].choices = [
            (value, label)
            for value, label in self.fields["role"].choices
            if value in ("", Role.MEDEWERKER, Role.COORDINATOR)
        ]

    def clean(self):
        cleaned = super().clean()
        user = self.for_user
        if user is not None and self.instance is not None and not self.errors:
            for field in ("organisation", "location", "role", "user"):
                if field in cleaned:
                    setattr(self.instance, field, cleaned[field])
            action = "change" if self.instance.pk else "add"
            if not user.has_perm(f"ido_platform.{action}_membership", self.instance):
                raise ValidationError(_("U mag deze rol bij deze organisatie niet toekennen."))
        return cleaned
