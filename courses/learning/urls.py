from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("training/les/<int:lesson_id>/afgerond/", views.lesson_done, name="lesson_done"),
    path("training/toets/<int:quiz_id>/inleveren/", views.submit_quiz, name="submit_quiz"),
    path("training/resultaat/<int:attempt_id>/", views.attempt_result, name="attempt_result"),
    path(
        "training/certificaten/<int:certificate_id>/download/",
        views.certificate_download,
        name="certificate_download",
    ),
    path(
        "training/sessies/<int:run_id>/aanmelden/",
        views.classroom_sign_up,
        name="classroom_sign_up",
    ),
    path(
        "training/aanmeldingen/<int:enrolment_id>/afmelden/",
        views.classroom_sign_off,
        name="classroom_sign_off",
    ),
    path("training/team/", views.team_dashboard, name="team_dashboard"),
    path("training/team/extra-poging/", views.grant_extra_attempt, name="grant_extra_attempt"),
    path("training/landelijk/", views.national_dashboard, name="national_dashboard"),
    path("certificaat/", views.verify_form, name="verify_form"),
    path("certificaat/<str:code>/", views.verify_certificate, name="verify_certificate"),
]
