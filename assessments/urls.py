from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("kwaliteit/", views.audit_list, name="audit_list"),
    path("kwaliteit/plannen/", views.plan, name="plan"),
    path("kwaliteit/dashboard/", views.dashboard, name="dashboard"),
    path("kwaliteit/export/<slug:what>.<slug:fmt>", views.export, name="export"),
    path("kwaliteit/audits/<int:pk>/", views.audit_detail, name="audit"),
    path("kwaliteit/audits/<int:pk>/scoren/<slug:theme_key>/", views.score_theme, name="score"),
    path(
        "kwaliteit/audits/<int:pk>/zelfevaluatie/",
        views.self_assessment_start,
        name="self_assessment_start",
    ),
    path(
        "kwaliteit/audits/<int:pk>/zelfevaluatie/<slug:theme_key>/",
        views.self_assessment,
        name="self_assessment",
    ),
    path("kwaliteit/audits/<int:pk>/indienen/", views.submit, name="submit"),
    path("kwaliteit/audits/<int:pk>/beoordelen/", views.review, name="review"),
    path("kwaliteit/audits/<int:pk>/bevinding/", views.add_finding, name="add_finding"),
    path("kwaliteit/audits/<int:pk>/actie/", views.add_action, name="add_action"),
    path("kwaliteit/audits/<int:pk>/rapport/", views.report, name="report"),
    path("kwaliteit/audits/<int:pk>/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("kwaliteit/audits/<int:pk>/corrigeren/", views.correct, name="correct"),
    path("kwaliteit/kaders/", views.frameworks, name="frameworks"),
    path("kwaliteit/acties/<int:pk>/", views.action_update, name="action"),
    path("kwaliteit/fotos/<int:pk>/", views.photo, name="photo"),
    path("kwaliteit/fotos/<int:pk>/verwijderen/", views.remove_photo, name="remove_photo"),
]
