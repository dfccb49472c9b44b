"""The project's URLs plus public views marked for the page cache that each do one thing a
stored page must not do (tests/ido_platform/test_page_cache.py)."""

from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.vary import vary_on_headers

from ido_platform.core import pagecache
from ido_platform.urls import urlpatterns as project_urlpatterns


@pagecache.cacheable
def plain(request):
    return HttpResponse(f"gewoon {request.GET.get('n', '')}")


@pagecache.cacheable
def with_message(request):
    messages.info(request, "Gelukt")
    return HttpResponse("met bericht")


@pagecache.cacheable
def with_csrf_token(request):
    return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')


@pagecache.cacheable
def with_cookie(request):
    response = HttpResponse("met cookie")
    response.set_cookie("voorkeur", "groot")
    return response


@pagecache.cacheable
def not_found(request):
    return HttpResponse("weg", status=404)


@pagecache.cacheable
@never_cache
def private(request):
    return HttpResponse("nooit bewaren")


@pagecache.cacheable
@vary_on_headers("Accept")
def varies(request):
    return HttpResponse("hangt af van Accept")


@pagecache.cacheable
def refused(request):
    pagecache.refuse(request)
    return HttpResponse("geweigerd")


@pagecache.cacheable
def with_session(request):
    request.session["bezocht"] = True
    return HttpResponse("met sessie")


def unmarked(request):
    return HttpResponse("niet aangemeld voor de cache")


urlpatterns = [
    path("_test/gewoon/", plain),
    path("_test/bericht/", with_message),
    path("_test/csrf/", with_csrf_token),
    path("_test/cookie/", with_cookie),
    path("_test/weg/", not_found),
    path("_test/prive/", private),
    path("_test/vary/", varies),
    path("_test/geweigerd/", refused),
    path("_test/sessie/", with_session),
    path("_test/niet-aangemeld/", unmarked),
    *project_urlpatterns,
]
