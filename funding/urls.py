from django.urls import path

from funding import views

app_name = "funding"

urlpatterns = [
    path("subsidie/", views.index, name="index"),
    path("subsidie/regelingen/<int:pk>/", views.round_overview, name="round"),
    path("subsidie/regelingen/<int:pk>/export.<slug:fmt>", views.export, name="export"),
    path("subsidie/regelingen/<int:pk>/aanvragen/", views.start, name="start"),
    path("subsidie/aanvragen/<int:pk>/", views.application_detail, name="application"),
    path("subsidie/aanvragen/<int:pk>/opslaan/", views.save, name="save"),
    path("subsidie/aanvragen/<int:pk>/indienen/", views.submit, name="submit"),
    path("subsidie/aanvragen/<int:pk>/antwoorden/", views.answer, name="answer"),
    path("subsidie/aanvragen/<int:pk>/vraag/", views.ask, name="ask"),
    path("subsidie/aanvragen/<int:pk>/beoordelen/", views.assess, name="assess"),
    path("subsidie/aanvragen/<int:pk>/besluiten/", views.decide, name="decide"),
    path("subsidie/aanvragen/<int:pk>/corrigeren/", views.correct, name="correct"),
    path("subsidie/aanvragen/<int:pk>/verantwoorden/", views.account, name="account"),
    path("subsidie/aanvragen/<int:pk>/vaststellen/", views.settle, name="settle"),
    path("subsidie/aanvragen/<int:pk>/<slug:kind>.pdf", views.letter, name="letter"),
]
