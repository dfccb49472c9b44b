"""Request guards that every app relies on."""

from urllib.parse import unquote

from csp.middleware import CSPMiddleware

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseForbidden
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ido_platform.core.errors import ServiceRefusal
from ido_platform.core.views import refused


def bad_request_page(request, message):
    """The Dutch 400 page with ``message``."""
    return render_to_string("400.html", {"message": message}, request=request)


class RejectNullCharactersMiddleware:
    """Refuse a NUL character in the path or query string with a Dutch 400.

    No legitimate link contains one, and PostgreSQL refuses it in any query ("A string literal
    cannot contain NUL"), which would otherwise surface as a 500 wherever a URL value reaches
    the database. Form fields already refuse it in POST data (Django's
    ProhibitNullCharactersValidator)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in unquote(query):
            message = _("Het adres bevat een teken dat niet is toegestaan.")
            return HttpResponseBadRequest(bad_request_page(request, message))
        return self.get_response(request)


class ExplainMethodNotAllowedMiddleware:
    """Give Django's bare 405 a Dutch page.

    An address that only takes a form's POST, opened with GET (a reload, a bookmark, a link
    copied from the address bar), gets ``HttpResponseNotAllowed``: an empty page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.method != "HEAD"
            and not getattr(response, "streaming", False)
            and not response.content
        ):
            message = _(
                "Dit adres werkt alleen met een knop of formulier op de site. "
                "Ga terug naar de vorige pagina en probeer het opnieuw."
            )
            response.content = bad_request_page(request, message)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response


class ServiceRefusalMiddleware:
    """A service refusal that a view did not handle itself becomes the same Dutch page
    everywhere: 403 when it is about who may do it, else the refusal's page
    (``ido_platform.core.views.refused``) with its status and message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ServiceRefusal):
            return None
        if exception.forbidden:
            page = render_to_string("403.html", {"message": exception.text}, request=request)
            return HttpResponseForbidden(page)
        return refused(request, exception)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, widened for the Wagtail admin only (its inline panel scripts and
    styles; see CONTENT_SECURITY_POLICY_ADMIN_EXTRA). The public site stays strict."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path.startswith("/admin/"):
            parts.update = {**settings.CONTENT_SECURITY_POLICY_ADMIN_EXTRA, **(parts.update or {})}
        return parts


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy``: browser features no page uses are off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
