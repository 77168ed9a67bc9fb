"""
The blank form page is rendered once and copied (appointments/blank_form.py). Each copy
must still carry its own one-time form token and a valid CSRF token, work when posted, and
show what a fresh render would show.
"""

import re
from http import HTTPStatus

import pytest
from django.test import Client

from appointments import blank_form
from appointments.models import AppointmentRequest
from content.models import ClinicProfile
from tests.appointments.answers import URL, valid_answers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_rendered_yet():
    blank_form.rendered_pages.clear()


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', html).group(1)


@pytest.fixture
def patients(settings):
    settings.APPOINTMENT_MIN_FILL_SECONDS = 0
    return Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)


def test_every_copy_has_its_own_tokens_and_each_posts_once(patients):
    pages = [patient.get(URL).content.decode() for patient in patients]
    assert len(blank_form.rendered_pages) == 1  # the second page was a copy
    form_tokens = {hidden(page, "form_token") for page in pages}
    csrf_tokens = {hidden(page, "csrfmiddlewaretoken") for page in pages}
    assert len(form_tokens) == len(csrf_tokens) == 2
    assert not any(blank_form.FORM_TOKEN_MARKER in page for page in pages)
    assert not any(blank_form.CSRF_TOKEN_MARKER in page for page in pages)

    for patient, page in zip(patients, pages, strict=True):
        answers = valid_answers(
            form_token=hidden(page, "form_token"),
            csrfmiddlewaretoken=hidden(page, "csrfmiddlewaretoken"),
        )
        assert patient.post(URL, answers).status_code == HTTPStatus.FOUND
        # The same copy posted again is the same request, not a second one.
        patient.post(URL, answers)
    assert AppointmentRequest.objects.count() == 2


def test_a_copy_is_what_a_fresh_render_shows(client):
    copy = client.get(URL).content.decode()
    blank_form.rendered_pages.clear()
    fresh = client.get(URL).content.decode()
    without_tokens = re.compile(r'(name="(?:form_token|csrfmiddlewaretoken)" value=)"[^"]+"')
    assert without_tokens.sub(r"\1", copy) == without_tokens.sub(r"\1", fresh)


def test_new_clinic_details_show_at_once(client):
    client.get(URL)
    profile = ClinicProfile.load()
    profile.phone = "+15705550199"
    profile.save()
    assert "(570) 555-0199" in client.get(URL).content.decode()


def test_an_address_with_a_query_string_is_never_copied(client):
    response = client.get(URL, {"utm_source": "Canary-Qzx"})
    assert response.status_code == HTTPStatus.OK
    assert not blank_form.rendered_pages
