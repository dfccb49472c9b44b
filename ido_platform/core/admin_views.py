"""Wagtail admin views that ask permissions.py per object and per list, and export their
lists through the project's one export helper."""

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import multigetattr
from wagtail.permissions import register_permission_policy

from ido_platform.core import exports, outbox, permissions
from ido_platform.core.models import Message


def _label(model):
    return f"{model._meta.app_label}.{{action}}_{model._meta.model_name}"


def field_at(model, path):
    """The model field a dotted ``list_export`` path ends at (``user.email``), or None when
    the path ends at a property or method."""
    field = None
    for bit in path.split("."):
        if model is None:
            return None
        try:
            field = model._meta.get_field(bit)
        except FieldDoesNotExist:
            return None
        model = field.related_model
    return field


def value_at(item, path):
    """The value a dotted ``list_export`` path reads from ``item``; empty (None) when the
    path runs through an empty relation (a reminder without a message)."""
    current = item
    for bit in path.split("."):
        if current is None:
            return None
        current = multigetattr(current, bit)
    return current


class SpreadsheetExportMixin:
    """Wagtail's list export, written by ``ido_platform.core.exports``: the same CSV (BOM,
    ``;``, formulas neutralised) and XLSX (control characters dropped) as every other export
    in the project. Headings are the fields' Dutch verbose names, also at the end of a
    dotted path; a choice field exports its Dutch label."""

    def get_heading(self, queryset, field):
        if field in self.export_headings:
            return force_str(self.export_headings[field])
        model_field = field_at(queryset.model, field)
        if model_field is not None and getattr(model_field, "verbose_name", None):
            return capfirst(force_str(model_field.verbose_name))
        return super().get_heading(queryset, field)

    def export_value(self, item, field):
        model_field = field_at(type(item), field)
        if model_field is not None and model_field.choices and not model_field.is_relation:
            value = value_at(item, field)
            return force_str(dict(model_field.flatchoices).get(value, value))
        return value_at(item, field)

    def export_relations(self, model):
        """The forward relations the ``list_export`` paths run through or end at
        (``location`` and ``location__organisation`` for ``location.organisation.name``, and
        for ``organisation``, exported as its name), for one joined query instead of one
        query per row and relation."""
        relations = set()
        for path in self.list_export:
            current, walked, bits = model, [], path.split(".")
            for bit in bits:
                try:
                    field = current._meta.get_field(bit)
                except FieldDoesNotExist:
                    break
                if not (field.many_to_one or field.one_to_one) or not field.concrete:
                    break
                walked.append(bit)
                current = field.related_model
            if walked:
                relations.add("__".join(walked))
            if len(walked) == len(bits):  # exported as text: what the model's str() reads too
                relations.update("__".join([*walked, r]) for r in getattr(current, "STR_READS", ()))
        return sorted(relations)

    def export_rows(self, queryset):
        relations = self.export_relations(queryset.model)
        if relations:
            queryset = queryset.select_related(*relations)
        for item in queryset:
            yield [self.export_value(item, field) for field in self.list_export]

    def export_header(self, queryset):
        return [self.get_heading(queryset, field) for field in self.list_export]

    def write_csv_response(self, queryset):
        return exports.csv_response(
            self.get_filename(),
            self.export_header(queryset),
            self.export_rows(queryset),
            stream=True,
        )

    def write_xlsx_response(self, queryset):
        return exports.xlsx_response(
            self.get_filename(),
            self.export_header(queryset),
            self.export_rows(queryset),
            sheet_title=capfirst(force_str(queryset.model._meta.verbose_name_plural)),
        )


class ScopedIndexView(SpreadsheetExportMixin, IndexView):
    """Lists only the rows the user may ``scope_action``."""

    scope_action = "view"

    def get_base_queryset(self):
        return permissions.scope(self.request.user, super().get_base_queryset(), self.scope_action)


class ManagedIndexView(ScopedIndexView):
    """For public data (locations): the admin lists what the user may change."""

    scope_action = "change"


class InvalidFormIsABadRequest:
    """A form that does not validate comes back with its Dutch errors and status 400, as
    refused input does on the project's own pages (Wagtail answers 200)."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if response.status_code == 200:
            response.status_code = 400
        return response


class ScopedCreateView(InvalidFormIsABadRequest, CreateView):
    pass


class ScopedEditView(InvalidFormIsABadRequest, EditView):
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.request.user.has_perm(_label(self.model).format(action="change"), obj):
            raise PermissionDenied
        return obj


class DutchInspectMixin:
    """Inspect pages as people read them: times in Europe/Amsterdam (Wagtail shows the
    stored UTC), yes/no in Dutch, an empty value as a dash."""

    def get_field_display_value(self, field_name, field):

        value = getattr(self.object, field_name, None)
        if getattr(field, "choices", None):
            return super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return gettext("ja") if value else gettext("nee")
        if value is None:
            return "–"
        if hasattr(value, "tzinfo") and hasattr(value, "hour") and value.tzinfo is not None:
            return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")
        return super().get_field_display_value(field_name, field)


class ScopedInspectViewBase(DutchInspectMixin, InspectView):
    pass


class ScopedInspectView(DutchInspectMixin, InspectView):
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.request.user.has_perm(_label(self.model).format(action="view"), obj):
            raise PermissionDenied
        return obj


class ScopedDeleteView(DeleteView):
    """Asks the rule per object, and shows a service's refusal as a Dutch message.

    The delete itself is the model's registered delete action (see admin_actions): for
    models whose state a service owns, that is the service or a refusal."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.request.user.has_perm(_label(self.model).format(action="delete"), obj):
            raise PermissionDenied
        return obj

    def _refuse(self, error):
        for message in error.messages:
            messages.error(self.request, message)
        return HttpResponseRedirect(self.get_success_url())

    def get(self, request, *args, **kwargs):
        refusal = getattr(self.action_class, "refusal", "")
        if getattr(self.action_class, "refuses", False):
            return self._refuse(ValidationError(str(refusal)))
        return super().get(request, *args, **kwargs)

    def delete_action(self):
        self.outcome_message = self.action_class(self.object, user=self.request.user).execute(
            skip_permission_checks=True
        )

    def get_success_message(self):
        outcome = getattr(self, "outcome_message", None)
        if outcome is None or isinstance(outcome, tuple):  # a plain delete's (count, rows)
            return super().get_success_message()
        return str(outcome)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                if self.usage and self.usage.is_protected:
                    return self._delete_protected()
                return super().form_valid(form)
        except ValidationError as error:
            return self._refuse(error)
        except ProtectedError:
            return self._refuse(
                ValidationError(
                    _("%(object)s wordt nog gebruikt en kan daarom niet worden verwijderd.")
                    % {"object": capfirst(force_str(self.object))}
                )
            )

    def _delete_protected(self):
        """Wagtail answers the delete of an object that others still point at (its reference
        index says PROTECT) with "no access to this area", which misleads even a superuser.
        Here the object's own rule speaks first (a frozen framework version says why), then
        the database's PROTECT (the user reads that the object is still in use)."""
        self.delete_action()
        # The reference index was behind: nothing pointed at the object any more.
        messages.success(self.request, self.get_success_message())
        return self.run_after_hook() or HttpResponseRedirect(self.get_success_url())


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose lists and objects follow our rules. Search uses the ORM over
    ``search_fields`` (no separate index to keep in step)."""

    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    inspect_view_class = ScopedInspectView
    delete_view_class = ScopedDeleteView
    add_view_class = ScopedCreateView
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False


class MessageIndexView(ScopedIndexView):
    """The outbox's messages, with "send again" on each that did not arrive."""

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_resendable and self.request.user.has_perm("ido_platform.resend_message"):
            buttons.append(
                MenuItem(
                    _("Opnieuw versturen"),
                    url=reverse("ido_platform_resend_message", args=[instance.pk]),
                    icon_name="mail",
                    priority=5,
                )
            )
        return buttons


def resend_message(request, message_id):
    """Ask, then send one message again (national role only; the outbox refuses a message
    that went out or is being sent)."""
    if not request.user.has_perm("ido_platform.resend_message"):
        raise PermissionDenied
    message = get_object_or_404(Message, pk=message_id)
    if request.method == "POST":
        if outbox.resend(message):
            messages.success(
                request,
                _("Het bericht aan %(to)s wordt opnieuw verstuurd.") % {"to": message.recipient},
            )
        else:
            messages.error(request, _("Dit bericht is al verzonden of wordt nu verzonden."))
        return redirect("message:index")
    return TemplateResponse(request, "ido_platform/admin/resend_message.html", {"message": message})


class NationalRecordPolicy(permissions.RulesPermissionPolicy):
    """Records (logs, attendance, answers...) in the admin: the national role reads them;
    nobody adds, changes or deletes them there (the services write them)."""

    def user_has_permission(self, user, action):
        return action == "view" and bool(permissions.is_national(user))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def instances_user_has_permission_for(self, user, action):
        if self.user_has_permission(user, action):
            return self.model._default_manager.all()
        return self.model._default_manager.none()


class NationalRecordIndexView(SpreadsheetExportMixin, IndexView):
    """The whole list for the national role (the policy already refuses everyone else),
    exported through the shared helper like every other admin list."""


class RecordInspectView(ScopedInspectViewBase):
    pass


class RecordViewSet(ModelViewSet):
    """A read-only, searchable, filterable and exportable list of one record model for
    the national role (support questions without a database shell). Subclasses set
    ``model``, ``list_display``, ``list_filter``, ``search_fields`` and ``list_export``
    (dotted paths, never ``__`` lookups: a lookup breaks Wagtail's export)."""

    form_fields = []
    index_view_class = NationalRecordIndexView
    inspect_view_class = RecordInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    icon = "list-ul"

    @classmethod
    def register_policy(cls):

        register_permission_policy(cls.model, NationalRecordPolicy(cls.model), exact_class=True)
