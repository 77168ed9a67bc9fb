"""
Every admin page of the appointments app that shows a patient's details records who saw
which request, whatever the HTTP method and whoever asks. The URLs come from the admin
itself (get_urls), so a page added later without an audit fails here.
"""

import itertools

import pytest
from django.contrib import admin
from django.urls import URLPattern

from appointments.models import AppointmentRequest, AuditEntry
from tests.factories import AppointmentRequestFactory

from .conftest import change_form_data

pytestmark = pytest.mark.django_db

CANARY_NAME = "Zebulon Quarrington-Audit"
ROLES = ["Front desk", "Clinician", "Practice manager", "Content editor", None]
OTHER_METHODS = ["put", "patch", "delete", "options"]


def admin_urls_of_the_app(request: AppointmentRequest) -> list[str]:
    """Every URL the admin serves for the app's models, with the planted request's id."""
    urls = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label != "appointments":
            continue
        prefix = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        object_id = request.pk if model is AppointmentRequest else 1
        for pattern in model_admin.get_urls():
            assert isinstance(pattern, URLPattern)
            route = str(pattern.pattern).replace("<path:object_id>", str(object_id))
            urls.append(prefix + route)
    return urls


def autocomplete_urls() -> list[str]:
    """The admin's lookup endpoint, for every field of the app that points at a request."""
    urls = []
    for model in admin.site._registry:
        for field in model._meta.get_fields():
            if getattr(field, "related_model", None) is AppointmentRequest and field.concrete:
                urls.append(
                    f"/admin/autocomplete/?app_label={model._meta.app_label}"
                    f"&model_name={model._meta.model_name}&field_name={field.name}"
                    f"&term={CANARY_NAME.split()[0]}"
                )
    return urls


def plant(**fields) -> AppointmentRequest:
    return AppointmentRequestFactory(full_name=CANARY_NAME, status="contacted", **fields)


def post_bodies(request: AppointmentRequest) -> list[dict]:
    """An empty post, an action awaiting confirmation, and a save that fails validation."""
    return [
        {},
        {"action": "delete_selected", "index": "0", "_selected_action": [request.pk]},
        change_form_data(request, status="scheduled"),
    ]


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "superuser")
def test_every_page_showing_a_patient_records_an_audit_entry(sign_in, role):
    client = sign_in(role) if role else sign_in(superuser=True)
    planted = plant()
    urls = admin_urls_of_the_app(planted) + autocomplete_urls()
    calls = [(url, "get", None) for url in urls]
    calls += [(url, "post", body) for url, body in itertools.product(urls, post_bodies(planted))]
    calls += [(url, method, None) for url, method in itertools.product(urls, OTHER_METHODS)]

    showing, unaudited = [], []
    for url, method, body in calls:
        latest = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = getattr(client, method)(url, body) if body is not None else None
        if response is None:
            response = getattr(client, method)(url)
        if not AppointmentRequest.objects.filter(pk=planted.pk).exists():
            # A post to the delete page deleted it (roles that may); the walk goes on.
            plant(pk=planted.pk, reference=planted.reference)
        if response.status_code != 200 or CANARY_NAME.encode() not in response.content:
            continue
        showing.append((method, url))
        entries = AuditEntry.objects.filter(pk__gt=latest)
        if not any(planted.reference in entry.references.split() for entry in entries):
            unaudited.append((method.upper(), url, body and sorted(body)))

    assert unaudited == []
    if role != "Content editor":
        # The walk reached the pages that show patients: the list and the request's page.
        assert ("get", "/admin/appointments/appointmentrequest/") in showing
        assert ("post", f"/admin/appointments/appointmentrequest/{planted.pk}/change/") in showing


def test_the_lookup_endpoint_refuses_to_search_requests(front_desk):
    AppointmentRequestFactory(full_name=CANARY_NAME)
    for url in autocomplete_urls():
        assert front_desk.get(url).status_code == 403
