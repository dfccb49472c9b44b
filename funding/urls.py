from django.urls import path

app_name = "funding"

urlpatterns = []
