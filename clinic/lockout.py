"""django-axes: the page it shows after too many failed staff sign-ins, and what it stores."""

from http import HTTPStatus

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render


def lockout_response(request: HttpRequest, original_response, credentials) -> HttpResponse:
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(
        request,
        "registration/lockout.html",
        {"cooloff_minutes": minutes},
        status=HTTPStatus.TOO_MANY_REQUESTS,
    )


class QueryFreeDatabaseHandler(AxesDatabaseHandler):
    """
    Axes' database handler (AXES_HANDLER), storing no query string: the sign-in page's
    address can carry one (an old bookmark, a hand-typed `?next=`), and what is stored in
    the attempts table stays there long after the request it named is purged.
    """

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is None:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        query = request.GET
        request.GET = QueryDict()
        try:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        finally:
            request.GET = query
