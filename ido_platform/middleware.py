"""Request guards that every app relies on."""

from urllib.parse import unquote

from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


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
            body = render_to_string(
                "400.html",
                {"message": _("Het adres bevat een teken dat niet is toegestaan.")},
                request=request,
            )
            return HttpResponseBadRequest(body)
        return self.get_response(request)
