import sys
from http import HTTPStatus

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from content.profile import fallback_clinic_profile

DATABASE_OUTAGE_ERRORS = (OperationalError, InterfaceError)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the database answers, 503 otherwise, and say nothing more."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=HTTPStatus.SERVICE_UNAVAILABLE)
    return JsonResponse({"status": "ok"})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=HTTPStatus.NOT_FOUND)


def server_error(request: HttpRequest) -> HttpResponse:
    """
    Django calls this while the exception is still being handled. An unreachable
    database gets the 503 page, which says the outage is temporary; anything else gets
    the 500 page. Both are rendered without touching the database, from the cached or
    configured clinic profile, so the phone number is always there.
    """
    context = {"clinic": fallback_clinic_profile()}
    if isinstance(sys.exception(), DATABASE_OUTAGE_ERRORS):
        response = render(request, "503.html", context, status=HTTPStatus.SERVICE_UNAVAILABLE)
        response["Retry-After"] = "30"
    else:
        response = render(request, "500.html", context, status=HTTPStatus.INTERNAL_SERVER_ERROR)
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=HTTPStatus.BAD_REQUEST)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=HTTPStatus.FORBIDDEN)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # Django's own page is written for developers; a patient needs to know what to do next.
    return render(request, "403_csrf.html", status=HTTPStatus.FORBIDDEN)
