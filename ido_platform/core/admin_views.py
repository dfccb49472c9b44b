"""Wagtail admin views that ask permissions.py per object and per list."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from ido_platform.core import outbox, permissions
from ido_platform.core.models import Message


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
