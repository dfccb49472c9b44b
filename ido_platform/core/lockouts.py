"""Login lockouts (django-axes) in the Wagtail admin: the national role sees which accounts
and addresses are locked out and lifts a lockout before the cool-off ends. The same as
``manage.py axes_reset_username <name>`` / ``axes_reset_ip <address>``."""

from axes.models import AccessAttempt
from axes.utils import reset

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ido_platform.core.parsing import positive_int
from ido_platform.core.permissions import is_national


def locked_out_attempts():
    """Attempt rows at or over the failure limit within the cool-off window."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).order_by("-attempt_time")


@require_http_methods(["GET", "POST"])
def lockouts_view(request):
    if not is_national(request.user):
        raise PermissionDenied
    if request.method == "POST":
        pk = positive_int(request.POST.get("attempt"))
        attempt = locked_out_attempts().filter(pk=pk).first() if pk else None
        if attempt is None:
            messages.error(request, _("Deze blokkade bestaat niet meer."))
        else:
            if attempt.username:
                reset(username=attempt.username)
            if attempt.ip_address:
                reset(ip=attempt.ip_address)
            messages.success(
                request,
                _("De blokkade van %(who)s is opgeheven.")
                % {"who": attempt.username or attempt.ip_address},
            )
        return redirect("ido_lockouts")
    return TemplateResponse(
        request,
        "ido_platform/admin/lockouts.html",
        {"attempts": locked_out_attempts(), "limit": settings.AXES_FAILURE_LIMIT},
    )


@hooks.register("register_admin_urls")
def register_lockout_urls():
    return [path("inlogblokkades/", lockouts_view, name="ido_lockouts")]


class NationalMenuItem(MenuItem):
    def is_shown(self, request):
        return is_national(request.user)


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return NationalMenuItem(
        gettext_lazy("Inlogblokkades"), reverse("ido_lockouts"), icon_name="lock", order=900
    )
