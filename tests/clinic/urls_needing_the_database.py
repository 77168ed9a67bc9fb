"""A URLconf with one page that must read the database, for the outage tests."""

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.urls import path

from clinic.urls import handler500, urlpatterns


def count_users(request):
    return HttpResponse(str(get_user_model().objects.count()))


def explode(request):
    raise ValueError("secret internals")


urlpatterns = [path("needs-database/", count_users), path("explodes/", explode), *urlpatterns]
handler500 = handler500
