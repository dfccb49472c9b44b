"""Wagtail admin views that ask permissions.py per object and per list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect

from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from ido_platform.core import permissions


def _label(model):
    return f"{model._meta.app_label}.{{action}}_{model._meta.model_name}"


class ScopedIndexView(IndexView):
    """Lists only the rows the user may ``scope_action``."""

    scope_action = "view"

    def get_base_queryset(self):
        return permissions.scope(self.request.user, super().get_base_queryset(), self.scope_action)


class ManagedIndexView(ScopedIndexView):
    """For public data (locations): the admin lists what the user may change."""

    scope_action = "change"


class ScopedEditView(EditView):
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.request.user.has_perm(_label(self.model).format(action="change"), obj):
            raise PermissionDenied
        return obj


class DutchInspectMixin:
    """Inspect pages as people read them: times in Europe/Amsterdam (Wagtail shows the
    stored UTC), yes/no in Dutch, an empty value as a dash."""

    def get_field_display_value(self, field_name, field):
        from django.utils import timezone
        from django.utils.translation import gettext

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
            return super().form_valid(form)
        except ValidationError as error:
            return self._refuse(error)


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose lists and objects follow our rules. Search uses the ORM over
    ``search_fields`` (no separate index to keep in step)."""

    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    inspect_view_class = ScopedInspectView
    delete_view_class = ScopedDeleteView
    add_view_class = CreateView
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False


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


class NationalRecordIndexView(IndexView):
    """The whole list for the national role (the policy already refuses everyone else)."""


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
        from wagtail.permissions import register_permission_policy

        register_permission_policy(cls.model, NationalRecordPolicy(cls.model), exact_class=True)
