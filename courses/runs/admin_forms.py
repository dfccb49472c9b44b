"""Wagtail admin forms for course runs: coordinators choose among their own locations, and
seats can never drop below the people already seated."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from courses.runs.models import CoursePage, CourseRun, Enrolment
from ido_platform.core import permissions
from ido_platform.core.models import Location


class CourseRunAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "course" in self.fields:
            self.fields["course"].queryset = CoursePage.objects.order_by("title")
        if user is not None and "location" in self.fields:
            self.fields["location"].queryset = permissions.scope(
                user, Location.objects.select_related("organisation"), "change"
            )
        if "status" in self.fields and self.instance.status == CourseRun.Status.CANCELLED:
            # Everyone was cancelled and told; reopening would not bring them back.
            self.fields["status"].disabled = True
        elif "status" in self.fields:
            # "full" follows the seats by itself; cancelling is a choice.
            self.fields["status"].choices = [
                (value, label)
                for value, label in self.fields["status"].choices
                if value != CourseRun.Status.FULL or self.instance.status == value
            ]

    def clean_seats(self):
        seats = self.cleaned_data["seats"]
        if self.instance.pk:
            taken = self.instance.enrolments.filter(status__in=Enrolment.SEAT_STATUSES).count()
            if seats < taken:
                raise ValidationError(
                    _("Er zijn al %(taken)s plaatsen bezet. Kies minstens %(taken)s.")
                    % {"taken": taken}
                )
        return seats

    def clean(self):
        cleaned = super().clean()
        if self.for_user is not None and cleaned.get("location") is not None:
            self.instance.location = cleaned["location"]
            action = "change" if self.instance.pk else "add"
            if action == "change" and not self.for_user.has_perm(
                "courses.change_courserun", self.instance
            ):
                raise ValidationError(_("U mag geen groepen van een andere bibliotheek beheren."))
        return cleaned
