from http import HTTPStatus

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from appointments.forms import AppointmentRequestForm, issue_form_token
from appointments.models import AppointmentRequest, new_reference, next_business_day
from appointments.ratelimit import over_limit
from appointments.services import submit_appointment_request


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_appointment(request: HttpRequest) -> HttpResponse:
    """The start panel and the form on one page; the form posts back here."""
    if request.method != "POST":
        # Shown only while a request can be stored: during a database outage the patient
        # gets the 503 page with the phone number before typing anything, not after.
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        form = AppointmentRequestForm(initial={"form_token": issue_form_token()})
        return render(request, "appointments/request.html", {"form": form})

    if over_limit(
        request,
        scope="appointment-request",
        limit=settings.APPOINTMENT_RATE_LIMIT,
        window=settings.APPOINTMENT_RATE_WINDOW,
    ):
        response = render(
            request, "appointments/rate_limited.html", status=HTTPStatus.TOO_MANY_REQUESTS
        )
        response["Retry-After"] = str(settings.APPOINTMENT_RATE_WINDOW)
        return response

    submission = submit_appointment_request(data=request.POST, language=request.LANGUAGE_CODE)
    if submission.discarded:
        # Looks like success, so a program learns nothing about what gave it away.
        return render(
            request,
            "appointments/confirmation.html",
            {
                "reference": new_reference(),
                "call_back_by": next_business_day(timezone.localdate()),
            },
        )
    if submission.appointment is not None:
        return redirect(
            "appointments:confirmation", token=submission.appointment.confirmation_token
        )
    return render(request, "appointments/request.html", {"form": submission.form})


@never_cache
@require_safe
def confirmation(request: HttpRequest, token: str) -> HttpResponse:
    appointment = get_object_or_404(AppointmentRequest, confirmation_token=token)
    return render(
        request,
        "appointments/confirmation.html",
        {"reference": appointment.reference, "call_back_by": appointment.call_back_by()},
    )
