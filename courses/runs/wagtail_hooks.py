"""Course runs and enrolments in the Wagtail admin, plus a menu link to the coordinator's
participant pages. Permissions come from courses/rules.py through RulesPermissionPolicy."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from courses.runs.admin_forms import CourseRunAdminForm
from courses.runs.models import Attendance, CourseRun, Enrolment, EnrolmentEvent, MeetingReminder
from courses.runs.services import enrolment as enrolment_service
from ido_platform.core.admin_actions import ServiceDeleteAction
from ido_platform.core.admin_views import RecordViewSet, ScopedEditView, ScopedModelViewSet
from ido_platform.core.permissions import RulesPermissionPolicy


class EnrolmentPermissionPolicy(RulesPermissionPolicy):
    """No "add" in the admin: enrolling goes through the service (coordinator pages), which
    applies seats, waitlist and the one-active-enrolment rule."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(CourseRun, RulesPermissionPolicy(CourseRun), exact_class=True)
register_permission_policy(Enrolment, EnrolmentPermissionPolicy(Enrolment), exact_class=True)


class EnrolmentDeleteAction(ServiceDeleteAction):
    """The admin's delete cancels through the enrolment rule (the seat goes to the
    waitlist) and removes the person's data; the anonymised row stays for the figures."""

    def end(self, instance, user):
        promoted = enrolment_service.remove(instance, by=user)
        text = _("De aanmelding is afgemeld en de persoonsgegevens zijn verwijderd.")
        if promoted:
            names = ", ".join(e.display_name for e in promoted)
            promoted_text = _("Van de wachtlijst geplaatst: %(names)s.") % {"names": names}
            text = f"{text} {promoted_text}"
        return text


class CourseRunDeleteAction(ServiceDeleteAction):
    """Only an empty run is deleted; a run with people in it is cancelled instead."""

    def end(self, instance, user):
        enrolment_service.delete_run(instance)
        return _("De cursusgroep is verwijderd.")


@hooks.register("register_actions")
def register_course_actions(registry):
    registry.register(Enrolment, EnrolmentDeleteAction)
    registry.register(CourseRun, CourseRunDeleteAction)


class CourseRunEditView(ScopedEditView):
    """Saving a run keeps the rules: more seats fill from the waitlist; choosing
    "cancelled" cancels everyone and tells them."""

    def save_instance(self):
        previous = CourseRun.objects.get(pk=self.object.pk)
        run = super().save_instance()
        if run.status == CourseRun.Status.CANCELLED and previous.status != run.status:
            CourseRun.objects.filter(pk=run.pk).update(status=previous.status)
            enrolment_service.cancel_run(run, by=self.request.user, reason=run.cancelled_reason)
        elif run.seats != previous.seats:
            enrolment_service.seats_changed(run, by=self.request.user)
        return run


class CourseRunViewSet(ScopedModelViewSet):
    model = CourseRun
    icon = "date"
    menu_label = _("Cursusgroepen")
    url_prefix = "courses/courserun"
    edit_view_class = CourseRunEditView
    #: owned by the enrolment service, but its edit view routes a change through it
    service_routed_fields = ("status", "seats")
    list_display = ["course", "location", "first_meeting_at", "seats", "status", "teacher"]
    list_filter = ["status", "course", "location"]
    search_fields = ["course__title", "location__name", "location__town", "teacher"]
    list_export = [
        "course",
        "location",
        "first_meeting_at",
        "last_meeting_at",
        "seats",
        "status",
        "teacher",
        "room",
    ]
    export_filename = "cursusgroepen"
    edit_handler = ObjectList(
        [*CourseRun.panels, FieldPanel("cancelled_reason")], base_form_class=CourseRunAdminForm
    )


class EnrolmentViewSet(ScopedModelViewSet):
    """Look up and correct contact details; seats and waitlist change through the
    coordinator's participant pages, which apply the rules."""

    model = Enrolment
    icon = "user"
    menu_label = _("Aanmeldingen")
    url_prefix = "courses/enrolment"
    list_display = ["display_name", "run", "status", "source", "created_at"]
    list_filter = ["status", "source", "run__course", "run__location"]
    search_fields = ["name", "phone", "email", "run__course__title", "run__location__name"]
    list_export = [
        "name",
        "phone",
        "email",
        "run",
        "status",
        "source",
        "computer_comfort",
        "device",
        "heard_via",
        "referred_by",
        "created_at",
    ]
    export_filename = "aanmeldingen"
    form_fields = [
        "name",
        "phone",
        "email",
        "computer_comfort",
        "device",
        "heard_via",
        "referred_by",
    ]


class AttendanceRecords(RecordViewSet):
    model = Attendance
    menu_label = _("Aanwezigheid")
    url_prefix = "courses/aanwezigheid"
    list_display = ["enrolment", "meeting", "present", "marked_at", "marked_by"]
    list_filter = ["present", "meeting__run__course", "meeting__run__location"]
    search_fields = ["enrolment__name", "meeting__run__course__title"]
    list_export = ["enrolment", "meeting.run", "meeting", "present", "marked_at", "marked_by"]
    export_filename = "aanwezigheid"


class EnrolmentEventRecords(RecordViewSet):
    model = EnrolmentEvent
    menu_label = _("Gebeurtenissen bij aanmeldingen")
    url_prefix = "courses/gebeurtenissen"
    list_display = ["enrolment", "kind", "reason", "by", "at"]
    list_filter = ["kind", "enrolment__run__course"]
    search_fields = ["enrolment__name", "reason"]
    list_export = ["enrolment", "enrolment.run", "kind", "reason", "by", "at"]
    export_filename = "gebeurtenissen-aanmeldingen"


class MeetingReminderRecords(RecordViewSet):
    model = MeetingReminder
    menu_label = _("Herinneringen voor bijeenkomsten")
    url_prefix = "courses/herinneringen"
    list_display = ["enrolment", "meeting", "message", "created_at"]
    list_filter = ["meeting__run__course"]
    search_fields = ["enrolment__name"]
    list_export = ["enrolment", "meeting.run", "meeting", "message.status", "created_at"]
    export_filename = "herinneringen-bijeenkomsten"


RECORD_VIEWSETS = (AttendanceRecords, EnrolmentEventRecords, MeetingReminderRecords)
for _viewset in RECORD_VIEWSETS:
    _viewset.register_policy()


class CoursesViewSetGroup(ViewSetGroup):
    menu_label = _("Cursussen")
    menu_icon = "date"
    menu_order = 210
    items = (CourseRunViewSet, EnrolmentViewSet, *RECORD_VIEWSETS)


@hooks.register("register_admin_viewset")
def register_course_viewsets():
    return CoursesViewSetGroup()


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("courses.view_courserun")


@hooks.register("register_admin_menu_item")
def register_participants_menu_item():
    return CoordinatorMenuItem(
        _("Deelnemers en aanwezigheid"),
        reverse("courses:coordinator_runs"),
        icon_name="group",
        order=211,
    )
