"""
The request form's page, as every patient first sees it: rendered once, then copied.

Rendering the blank form (crispy-forms' layout and every widget's template) cost about 7 ms
a page, and the page is the same for every patient but for two values: the form's one-time
token and the CSRF token. So each process renders it once per language, clinic details and
day, with markers where those two go, and each copy gets its own tokens by replacing the
markers (docs/performance.md). Nothing about a patient is ever in it: it is the page before
anyone has typed anything. A page with errors, or an address with a query string, is
rendered in full as before.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from appointments.forms import AppointmentRequestForm, issue_form_token
from content.profile import get_clinic_profile

TEMPLATE = "appointments/request.html"
# Neither can occur in the page otherwise, and neither needs escaping in HTML.
FORM_TOKEN_MARKER = "blank-form-token-marker"  # noqa: S105 (a placeholder, not a secret)
CSRF_TOKEN_MARKER = "blank-form-csrf-marker"  # noqa: S105
# Languages times clinic details times days: a handful. The bound stops an unforeseen key
# from growing the process's memory.
MOST_PAGES_KEPT = 16

rendered_pages: dict[tuple, str] = {}


def form_page_context(form: AppointmentRequestForm) -> dict:
    # The request page states the call-back window (models.call_back_day).
    return {"form": form, "call_back_days": settings.TRIAGE_CONTACT_WINDOW_BUSINESS_DAYS}


def blank_form_page(request: HttpRequest) -> HttpResponse:
    if request.META.get("QUERY_STRING"):
        # Kept out of the copies: a query string is whatever the sender chose.
        form = AppointmentRequestForm(initial={"form_token": issue_form_token()})
        return render(request, TEMPLATE, form_page_context(form))
    key = (request.path, request.LANGUAGE_CODE, timezone.localdate(), repr(get_clinic_profile()))
    page = rendered_pages.get(key)
    if page is None:
        page = render_to_string(
            TEMPLATE,
            {
                **form_page_context(
                    AppointmentRequestForm(initial={"form_token": FORM_TOKEN_MARKER})
                ),
                "csrf_token": CSRF_TOKEN_MARKER,
            },
            request=request,
        )
        if len(rendered_pages) >= MOST_PAGES_KEPT:
            rendered_pages.clear()
        rendered_pages[key] = page
    return HttpResponse(
        page.replace(FORM_TOKEN_MARKER, issue_form_token()).replace(
            CSRF_TOKEN_MARKER, get_token(request)
        )
    )


def forget_rendered_pages(**kwargs) -> None:
    # A test that changes a setting (the clinic's fallback phone, a template option) must
    # not be shown a page rendered before it.
    rendered_pages.clear()


setting_changed.connect(forget_rendered_pages)
