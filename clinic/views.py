import logging
import sys
from http import HTTPStatus

from django.core.cache import caches
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from clinic.last_resort import last_resort_response
from content.navigation import error_page_navigation
from content.profile import fallback_clinic_profile

logger = logging.getLogger(__name__)

DATABASE_OUTAGE_ERRORS = (OperationalError, InterfaceError)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """
    For load balancers: 200 when this server can serve pages and store requests (the
    database answers), 503 otherwise. The cache does not count: without it the site is
    slower, not down.

    For monitoring, `/healthz?full` also checks the cache, and answers 503 if either is
    down, naming only which ("ok" or "unavailable"), never an address or an error.
    """
    checks = {"database": _database_answers()}
    if "full" in request.GET:
        checks["cache"] = _cache_answers()
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    if len(checks) > 1:
        body |= {name: "ok" if answered else "unavailable" for name, answered in checks.items()}
    return JsonResponse(body, status=HTTPStatus.OK if healthy else HTTPStatus.SERVICE_UNAVAILABLE)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def _cache_answers() -> bool:
    # The shared cache answers for itself (clinic/cache.py); a cache in this process's
    # memory, as in development, always does.
    ping = getattr(caches["default"], "ping", None)
    return ping() if ping else True


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=HTTPStatus.NOT_FOUND)


def server_error(request: HttpRequest) -> HttpResponse:
    """
    Django calls this while the exception is still being handled. An unreachable
    database gets the 503 page, which says the outage is temporary; anything else gets
    the 500 page. Neither needs the database or the cache to answer: the clinic's details
    and the menu come from the cache if it has them, from settings if not. Should the
    page itself fail to render (a broken template, say), a plain page built without the
    template engine still gives the phone number.
    """
    outage = isinstance(sys.exception(), DATABASE_OUTAGE_ERRORS)
    status = HTTPStatus.SERVICE_UNAVAILABLE if outage else HTTPStatus.INTERNAL_SERVER_ERROR
    try:
        context = {"clinic": fallback_clinic_profile(), "navigation": error_page_navigation()}
        response = render(request, f"{status.value}.html", context, status=status)
    except Exception as error:
        logger.error("The %s page could not be rendered (%s)", status.value, type(error).__name__)
        response = last_resort_response(status)
    if outage:
        response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=HTTPStatus.BAD_REQUEST)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=HTTPStatus.FORBIDDEN)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # Django's own page is written for developers; a patient needs to know what to do next.
    return render(request, "403_csrf.html", status=HTTPStatus.FORBIDDEN)
