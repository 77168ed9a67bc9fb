from http import HTTPStatus

import pytest
from django.core import mail
from django.core.management import call_command

from appointments.models import AppointmentRequest
from appointments.tasks import send_intake_notification
from tests.appointments.answers import URL, valid_answers

# The task worker closes and reopens database connections, as it does in production,
# which PostgreSQL only allows outside the test's wrapping transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    def post(**answers) -> AppointmentRequest:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, valid_answers(**answers))
        assert response.status_code == HTTPStatus.FOUND
        return AppointmentRequest.objects.latest("created")

    return post


def test_nothing_is_sent_until_the_worker_runs(submit):
    submit()
    assert mail.outbox == []


def test_intake_team_gets_the_reference_and_an_admin_link_only(submit, settings):
    settings.SITE_URL = "https://clinic.example.org"
    settings.CLINIC_INTAKE_EMAIL = "intake@clinic.example.org"
    request = submit(full_name="Quillon Marsh", notes="Left hand burning")
    run_worker()
    [message] = mail.outbox
    assert message.to == ["intake@clinic.example.org"]
    assert request.reference in message.subject
    link = f"https://clinic.example.org/admin/appointments/appointmentrequest/{request.pk}/change/"
    html = message.alternatives[0].content
    for body in (message.body, html):
        assert request.reference in body
        assert link in body
        for detail in ("Quillon", "Marsh", "burning", "1984", "555", "CRPS"):
            assert detail not in body
    request.refresh_from_db()
    assert request.notified_at is not None


def test_the_admin_link_opens_the_request_for_staff(submit, superuser_client):
    request = submit()
    response = superuser_client.get(f"/admin/appointments/appointmentrequest/{request.pk}/change/")
    assert response.status_code == HTTPStatus.OK
    assert request.reference in response.content.decode()


def test_patient_with_an_email_gets_a_confirmation_without_clinical_details(submit):
    request = submit(
        contact_method="email",
        email="dana@example.com",
        full_name="Quillon Marsh",
        notes="Left hand burning",
    )
    run_worker()
    [confirmation] = [message for message in mail.outbox if message.to == ["dana@example.com"]]
    assert request.reference in confirmation.subject
    html = confirmation.alternatives[0].content
    for body in (confirmation.body, html):
        assert request.reference in body
        assert "What happens next" in body
        assert "(570) 555-0123" in body
        assert "Emergency? Call 911" in body
        for detail in ("Quillon", "Marsh", "burning", "CRPS", "1984", "0142"):
            assert detail not in body
    request.refresh_from_db()
    assert request.patient_notified_at is not None


def test_patient_without_an_email_gets_no_email(submit):
    submit(email="")
    run_worker()
    assert [message.to for message in mail.outbox] == [["intake@localhost"]]


def test_a_script_in_a_name_cannot_reach_the_html_email(submit):
    submit(full_name="<script>alert(1)</script>", contact_method="email", email="d@example.com")
    run_worker()
    for message in mail.outbox:
        assert "<script" not in message.alternatives[0].content


def test_each_email_is_sent_once_even_if_queued_twice(submit):
    request = submit()
    send_intake_notification.enqueue(request.pk)
    run_worker()
    assert len(mail.outbox) == 1


def test_resend_command_sends_only_what_was_not_sent(submit):
    first = submit(contact_method="email", email="first@example.com")
    run_worker()
    assert len(mail.outbox) == 2
    second = AppointmentRequest.objects.get(pk=first.pk)
    assert second.notified_at
    assert second.patient_notified_at

    AppointmentRequest.objects.filter(pk=first.pk).update(patient_notified_at=None)
    mail.outbox.clear()
    call_command("resend_notifications", verbosity=0)
    assert [message.to for message in mail.outbox] == [["first@example.com"]]
