"""The project's URLs with single sign-on switched on, as with OIDC_ENABLED=true."""

from django.urls import include, path

from ido_platform.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("inloggen/sso/", include("mozilla_django_oidc.urls")), *project_urlpatterns]
