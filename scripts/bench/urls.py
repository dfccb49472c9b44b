"""URLs for `make bench` only: the reference views every page is measured against."""

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


def bare(request):
    """The floor: Django's full middleware stack, no template, no query."""
    return HttpResponse("ok")


@csrf_exempt
def bare_insert(request):
    """The floor for a form POST: one row inserted, nothing else."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_insert (value) VALUES (%s)", [request.POST.get("v", "")])
    return HttpResponse("ok")


urlpatterns = [
    path("_bench/bare/", bare),
    path("_bench/insert/", bare_insert),
    path("", include("ido_platform.urls")),
]
