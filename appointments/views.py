import logging
from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from appointments.blank_form import TEMPLATE, blank_form_page, form_page_context
from appointments.forms import AppointmentRequestForm
from appointments.models import (
    AppointmentRequest,
    call_back_day,
    new_confirmation_token,
    new_reference,
)
from appointments.ratelimit import over_limit
from appointments.services import submit_appointment_request

logger = logging.getLogger(__name__)

# Where the made-up reference shown for a discarded (spam) post waits for its redirect.
DISCARDED_CONFIRMATION_KEY = "discarded-confirmation:{token}"
DISCARDED_CONFIRMATION_SECONDS = 24 * 3600


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
        return blank_form_page(request)

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

    form = AppointmentRequestForm(data=request.POST)
    if not form.is_valid():
        return render_form(request, form)
    if form.looks_automated():
        return answer_as_if_stored()
    assert form.page_token is not None, "clean() refuses a form without a token"
    appointment = submit_appointment_request(
        appointment=form.instance,
        submission_token=form.page_token.token,
        language=request.LANGUAGE_CODE,
    )
    return redirect("appointments:confirmation", token=appointment.confirmation_token)


def answer_as_if_stored() -> HttpResponse:
    """
    Answer a post that looked automated exactly like a stored request (a redirect to a
    confirmation address of the same shape, showing a made-up reference), so a program
    learns nothing about what gave it away. The cache holds that reference only, never
    what was sent.
    """
    logger.info("Discarded an appointment request that looked automated")
    token = new_confirmation_token()
    cache.set(
        DISCARDED_CONFIRMATION_KEY.format(token=token),
        new_reference(),
        timeout=DISCARDED_CONFIRMATION_SECONDS,
    )
    return redirect("appointments:confirmation", token=token)


def render_form(request: HttpRequest, form: AppointmentRequestForm) -> HttpResponse:
    return render(request, TEMPLATE, form_page_context(form))


@never_cache
@require_safe
def confirmation(request: HttpRequest, token: str) -> HttpResponse:
    appointment = AppointmentRequest.objects.filter(confirmation_token=token).first()
    if appointment is not None:
        reference, call_back_by = appointment.reference, appointment.call_back_by()
    else:
        reference = cache.get(DISCARDED_CONFIRMATION_KEY.format(token=token))
        if reference is None:
            raise Http404
        call_back_by = call_back_day(timezone.now())
    return render(
        request,
        "appointments/confirmation.html",
        {"reference": reference, "call_back_by": call_back_by},
    )
