from django.urls import path

from questions import views

app_name = "questions"

urlpatterns = [
    path("", views.home, name="home"),
    path("registreren/", views.register, name="register"),
    path("balie/<str:secret>/", views.desk_register, name="desk_register"),
    path("registraties/", views.registrations, name="registrations"),
    path("registraties/<int:pk>/corrigeren/", views.correct, name="correct"),
    path("registraties/<int:pk>/verwijderen/", views.delete, name="delete"),
    path("baliekoppelingen/", views.desk_link_list, name="desk_links"),
    path("baliekoppelingen/<int:pk>/intrekken/", views.desk_link_revoke, name="desk_link_revoke"),
    path("monitor/", views.dashboard, name="dashboard"),
    path("monitor/cijfers.<slug:fmt>", views.dashboard_export, name="dashboard_export"),
    path("monitor/vragen.<slug:fmt>", views.questions_export, name="questions_export"),
    path("monitor/verantwoording.pdf", views.accountability_pdf, name="accountability_pdf"),
    path("partner/", views.partner_figures, name="partner"),
    path("impact/<slug:slug>/", views.impact_form, name="impact"),
    path("impact/<slug:slug>/bedankt/", views.impact_thanks, name="impact_thanks"),
]
