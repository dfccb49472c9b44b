"""Staff accounts: the login page, the two-factor check and set-up, and password reset.

Thin views over :mod:`ido_platform.core.twofactor`; the login is Django's (django-axes
counts its failures), the reset is Django's flow with Dutch templates.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import path, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ido_platform.core import links, twofactor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("De 6 cijfers uit je authenticator-app, of een van je herstelcodes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = settings.OIDC_ENABLED
        context["sso_label"] = getattr(settings, "OIDC_LOGIN_LABEL", "")
        context["sso_failed"] = self.request.GET.get("sso") == "mislukt"
        return context


def locked_out(request, response, credentials):
    """django-axes' answer to a locked-out account or client: a Dutch page with the way back."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Ask for the second factor after the password."""
    if request.user.is_verified():
        return HttpResponseRedirect(_next_url(request))
    if not twofactor.has_device(request.user):
        return redirect("two_factor_setup")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify(request.user, form.cleaned_data["code"])
        if device is not None:
            twofactor.mark_verified(request, device)
            return HttpResponseRedirect(_next_url(request))
        form.add_error(
            "code", _("Deze code klopt niet of is al gebruikt. Probeer de nieuwste code.")
        )
    if form.errors:
        status = 400
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Connect an authenticator app. Someone who already has a device must have given its code
    in this session first: a password alone never replaces a second factor."""
    user = request.user
    if twofactor.has_device(user) and not user.is_verified():
        return redirect(f"{reverse_lazy('two_factor_verify')}?next={request.path}")
    device = twofactor.pending_app_device(user)
    if device is None or request.method == "GET":
        device = twofactor.start_app_setup(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_app_setup(device, form.cleaned_data["code"])
        if codes is not None:
            twofactor.mark_verified(request, device)
            return render(
                request,
                "registration/two_factor_recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error("code", _("Deze code klopt niet. Kijk of de tijd op je telefoon klopt."))
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr_code": twofactor.qr_code_svg(device),
            "secret": twofactor.secret_for_typing(device),
            "required": twofactor.is_required(user),
            "next": _next_url(request),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_POST
def recovery_codes(request):
    """New recovery codes (the old ones stop working), for a verified session only."""
    if not request.user.is_verified():
        return redirect("two_factor_verify")
    codes = twofactor.new_recovery_codes(request.user)
    return render(
        request,
        "registration/two_factor_recovery_codes.html",
        {"codes": codes, "next": resolve_url(settings.LOGIN_REDIRECT_URL)},
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, with the link in the e-mail on the configured public address
    (``links.base_url()``), never the request's host."""

    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        self.extra_email_context = {"base_url": links.base_url()}
        return super().form_valid(form)


urlpatterns = [
    path("inloggen/", LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("inloggen/tweestaps/", verify, name="two_factor_verify"),
    path("inloggen/tweestaps/instellen/", setup, name="two_factor_setup"),
    path("inloggen/tweestaps/herstelcodes/", recovery_codes, name="two_factor_recovery_codes"),
    path(
        "inloggen/wachtwoord-vergeten/",
        PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "inloggen/wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "inloggen/wachtwoord-herstellen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "inloggen/wachtwoord-herstellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
