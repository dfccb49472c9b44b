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


class ScopedInspectView(InspectView):
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
