"""The project's URLs plus the dev profile's public /media/ mapping, read at request time, so
a test sees exactly what `make run` (or a web server serving MEDIA_ROOT) would hand out."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from ido_platform.urls import urlpatterns as project_urlpatterns


def public_media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", public_media), *project_urlpatterns]
