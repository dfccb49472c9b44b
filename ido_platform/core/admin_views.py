"""Wagtail admin views that ask permissions.py per object and per list."""

from django.core.exceptions import PermissionDenied

from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView
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


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose lists and objects follow our rules. Search uses the ORM over
    ``search_fields`` (no separate index to keep in step)."""

    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    inspect_view_class = ScopedInspectView
    add_view_class = CreateView
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
