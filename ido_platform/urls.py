import re

from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from ido_platform.core import views
from questions.api import api as questions_api

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    # Login, two-factor, password reset (issue 10); SSO only when OIDC_ENABLED.
    path("", include("ido_platform.core.accounts")),
    path("gezondheid/", views.health, name="health"),
    path("", include("courses.learning.urls")),
    path("", include("courses.runs.urls")),
    path("", include("assessments.urls")),
    path("vragen/api/", questions_api.urls),
    path("vragen/", include("questions.urls")),
    path("", include("funding.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

if settings.OIDC_ENABLED:
    urlpatterns += [path("inloggen/sso/", include("mozilla_django_oidc.urls"))]

urlpatterns += [path("", include(wagtail_urls))]
