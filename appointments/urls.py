from django.urls import path

from appointments import views

app_name = "appointments"

urlpatterns = [
    path("request-appointment/", views.request_start, name="request"),
]
