from django.urls import path

from appointments import views

app_name = "appointments"

urlpatterns = [
    path("request-appointment/", views.request_appointment, name="request"),
    path(
        "request-appointment/confirmation/<slug:token>/",
        views.confirmation,
        name="confirmation",
    ),
]
