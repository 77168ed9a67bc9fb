"""The project's URLs plus one staff page that someone forgot to protect."""

from django.http import HttpResponse
from django.urls import path

from clinic.urls import urlpatterns as project_urlpatterns


def staff_report(request):
    return HttpResponse("Every request this week")


urlpatterns = [path("staff-report/", staff_report, name="staff_report"), *project_urlpatterns]
