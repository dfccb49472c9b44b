"""Public course URLs that are not Wagtail pages. The finder (/cursussen/) and the course
pages are Wagtail pages; these paths sit under the same prefix, so a course page may not
use the slugs "aanmelden", "aanmelding", "afmelden", "agenda", "beheer" or "api"."""

from django.urls import include, path

from courses.runs import coordinator, views
from courses.runs.api import api

public_patterns = [
    path("cursussen/aanmelden/<str:run_id>/", views.enrol, name="enrol"),
    path("cursussen/aanmelding/<str:token>/", views.confirmation, name="confirmation"),
    path("cursussen/afmelden/<str:token>/", views.cancel, name="cancel"),
    path("cursussen/agenda/<slug:slug>.ics", views.location_calendar, name="location_calendar"),
    # The coordinator's pages.
    path("cursussen/beheer/", coordinator.run_list, name="coordinator_runs"),
    path("cursussen/beheer/cijfers/", coordinator.figures, name="coordinator_figures"),
    path("cursussen/beheer/groep/<int:run_id>/", coordinator.run_detail, name="coordinator_run"),
    path(
        "cursussen/beheer/groep/<int:run_id>/aanmelden/",
        coordinator.assisted_enrol,
        name="coordinator_enrol",
    ),
    path(
        "cursussen/beheer/groep/<int:run_id>/annuleren/",
        coordinator.cancel_run,
        name="coordinator_cancel_run",
    ),
    path(
        "cursussen/beheer/bijeenkomst/<int:meeting_id>/aanwezigheid/",
        coordinator.attendance,
        name="coordinator_attendance",
    ),
    path(
        "cursussen/beheer/aanmelding/<int:enrolment_id>/verplaatsen/",
        coordinator.move_enrolment,
        name="coordinator_move",
    ),
    path(
        "cursussen/beheer/aanmelding/<int:enrolment_id>/certificaat/",
        coordinator.certificate,
        name="coordinator_certificate",
    ),
    path(
        "cursussen/beheer/aanmelding/<int:enrolment_id>/certificaat/pdf/",
        coordinator.certificate_pdf,
        name="coordinator_certificate_pdf",
    ),
    path(
        "cursussen/beheer/aanmelding/<int:enrolment_id>/bericht/<int:message_id>/opnieuw/",
        coordinator.resend_message,
        name="coordinator_resend_message",
    ),
    path(
        "cursussen/beheer/aanmelding/<int:enrolment_id>/<slug:action>/",
        coordinator.enrolment_action,
        name="coordinator_enrolment_action",
    ),
]

# The API keeps its own namespace (django-ninja reverses "cursussen_api:..."), so this module
# has no app_name of its own: the public views get the "courses" namespace here.
urlpatterns = [
    path("", include((public_patterns, "courses"))),
    path("cursussen/api/", api.urls),
]
