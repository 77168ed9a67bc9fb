"""
The intake digest and the overdue alert (appointments/alerts.py): counts, references and
links only, to the intake address and the staff who subscribed, each sent once.
"""

import datetime
import io
import threading
import time
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection

from appointments.alerts import send_intake_digest, send_overdue_alerts
from appointments.models import AlertSubscription, AppointmentRequest, IntakeDigest
from content.models import ClosedDay
from tests.factories import AppointmentRequestFactory, StaffFactory

CLINIC_ZONE = ZoneInfo("America/New_York")
INTAKE = "intake@clinic.example.org"
# A Thursday in a week with no federal holiday, and the Saturday after.
THURSDAY = datetime.date(2026, 3, 12)
SATURDAY = datetime.date(2026, 3, 14)
PATIENT_DETAILS = ("Dana", "Rivers", "burning", "CRPS", "555", "dana@example.org")


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=CLINIC_ZONE)


def end_of(day: datetime.date) -> datetime.datetime:
    return at(day + datetime.timedelta(days=1), 0)


def new_request(due: datetime.datetime, **fields) -> AppointmentRequest:
    return AppointmentRequestFactory(
        **{"contact_due_at": due, "email": "dana@example.org", "notes": "burning", **fields}
    )


@pytest.fixture(autouse=True)
def intake_address(settings):
    settings.CLINIC_INTAKE_EMAIL = INTAKE
    settings.SITE_URL = "https://clinic.example.org"
    settings.INTAKE_DIGEST_AT = datetime.time(8, 30)


def assert_no_patient_details(message) -> None:
    for body in (message.subject, message.body, message.alternatives[0].content):
        for detail in PATIENT_DETAILS:
            assert detail not in body


@pytest.mark.django_db
class TestTheDigest:
    def test_counts_due_today_and_overdue_with_links_only(self):
        new_request(end_of(THURSDAY))
        new_request(end_of(THURSDAY))
        new_request(end_of(THURSDAY - datetime.timedelta(days=1)))  # overdue
        new_request(end_of(THURSDAY), status="contacted")  # contacted: not counted
        new_request(end_of(THURSDAY + datetime.timedelta(days=1)))  # due tomorrow
        assert send_intake_digest(at(THURSDAY, 8, 31)) == "sent"
        [message] = mail.outbox
        assert message.to == [INTAKE]
        assert message.subject == "Intake today: 2 due for first contact, 1 overdue"
        assert "due for first contact by the end of today: 2" in message.body
        assert "already overdue: 1" in message.body
        assert (
            "https://clinic.example.org/admin/appointments/appointmentrequest/?overdue=yes"
            in message.body
        )
        assert_no_patient_details(message)

    def test_waits_for_its_time_and_skips_days_the_clinic_is_closed(self):
        ClosedDay.objects.create(day=datetime.date(2026, 7, 3), reason="Independence Day")
        assert send_intake_digest(at(THURSDAY, 8, 29)) == "not yet"
        assert send_intake_digest(at(SATURDAY, 9)) == "not a working day"
        assert send_intake_digest(at(datetime.date(2026, 7, 3), 9)) == "not a working day"
        assert mail.outbox == []

    def test_goes_once_a_day(self):
        assert send_intake_digest(at(THURSDAY, 8, 30)) == "sent"
        assert send_intake_digest(at(THURSDAY, 8, 35)) == "already sent"
        assert len(mail.outbox) == 1
        assert send_intake_digest(at(THURSDAY + datetime.timedelta(days=1), 8, 30)) == "sent"

    def test_a_failed_send_is_tried_again_by_the_next_run(self, monkeypatch):
        def refuse(*args, **kwargs):
            raise OSError("mail server down")

        monkeypatch.setattr(EmailBackend, "send_messages", refuse)
        assert send_intake_digest(at(THURSDAY, 8, 30)) == "not sent"
        assert not IntakeDigest.objects.exists()
        monkeypatch.undo()
        assert send_intake_digest(at(THURSDAY, 8, 35)) == "sent"

    def test_subscribed_staff_get_a_blind_copy_and_others_do_not(self):
        subscribed = StaffFactory(role="Front desk", email="sam@clinic.example.org")
        AlertSubscription.objects.create(user=subscribed, intake_digest=True)
        overdue_only = StaffFactory(role="Front desk", email="kim@clinic.example.org")
        AlertSubscription.objects.create(user=overdue_only, overdue_alerts=True)
        editor = StaffFactory(role="Content editor", email="ed@clinic.example.org")
        AlertSubscription.objects.create(user=editor, intake_digest=True)
        send_intake_digest(at(THURSDAY, 9))
        [message] = mail.outbox
        assert message.to == [INTAKE]
        assert message.bcc == ["sam@clinic.example.org"]


@pytest.mark.django_db
class TestTheOverdueAlert:
    def test_names_newly_overdue_requests_by_reference_and_link_once(self):
        overdue = new_request(end_of(THURSDAY - datetime.timedelta(days=1)))
        new_request(end_of(THURSDAY))  # not yet overdue
        assert send_overdue_alerts(at(THURSDAY, 9)) == 1
        [message] = mail.outbox
        assert message.subject == "Overdue: 1 request not contacted by the deadline"
        link = (
            f"https://clinic.example.org/admin/appointments/appointmentrequest/{overdue.pk}/change/"
        )
        assert f"{overdue.reference}: {link}" in message.body
        assert_no_patient_details(message)
        assert send_overdue_alerts(at(THURSDAY, 9, 5)) == 0
        assert len(mail.outbox) == 1

    def test_a_failed_send_leaves_the_requests_for_the_next_run(self, monkeypatch):
        overdue = new_request(end_of(THURSDAY - datetime.timedelta(days=1)))

        def refuse(*args, **kwargs):
            raise OSError("mail server down")

        monkeypatch.setattr(EmailBackend, "send_messages", refuse)
        assert send_overdue_alerts(at(THURSDAY, 9)) == 0
        overdue.refresh_from_db()
        assert overdue.overdue_alert_sent_at is None

    def test_the_command_runs_both(self, monkeypatch):
        new_request(end_of(THURSDAY - datetime.timedelta(days=1)))
        out = io.StringIO()
        call_command("send_intake_alerts", stdout=out)
        assert "Overdue alert: 1 request(s)." in out.getvalue()


class SlowMailbox(EmailBackend):
    def send_messages(self, messages):
        time.sleep(0.5)
        return super().send_messages(messages)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_servers_at_once_send_one_digest_and_one_overdue_alert(settings):
    settings.EMAIL_BACKEND = f"{__name__}.SlowMailbox"
    for _ in range(3):
        new_request(end_of(THURSDAY - datetime.timedelta(days=1)))
    start = threading.Barrier(2)
    errors = []

    def run_on_a_server():
        try:
            start.wait()
            send_intake_digest(at(THURSDAY, 9))
            send_overdue_alerts(at(THURSDAY, 9))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    servers = [threading.Thread(target=run_on_a_server) for _ in range(2)]
    for server in servers:
        server.start()
    for server in servers:
        server.join(timeout=60)
    assert not errors
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects == [
        "Intake today: 0 due for first contact, 3 overdue",
        "Overdue: 3 requests not contacted by the deadline",
    ]


# --- Subscribing --------------------------------------------------------------------------

MINE = "/admin/appointments/alertsubscription/mine/"
LIST = "/admin/appointments/alertsubscription/"


@pytest.mark.django_db
def test_staff_subscribe_in_their_own_settings(front_desk):
    page = front_desk.get("/admin/")
    assert f'href="{MINE}"' in page.content.decode()
    form = front_desk.get(MINE)
    assert form.status_code == HTTPStatus.OK
    assert 'name="intake_digest"' in form.content.decode()
    response = front_desk.post(MINE, {"intake_digest": "on"})
    assert response.status_code == HTTPStatus.FOUND
    subscription = AlertSubscription.objects.get(user=front_desk.user)
    assert (subscription.intake_digest, subscription.overdue_alerts) == (True, False)
    front_desk.post(MINE, {"overdue_alerts": "on"})
    subscription.refresh_from_db()
    assert (subscription.intake_digest, subscription.overdue_alerts) == (False, True)


@pytest.mark.django_db
def test_the_practice_manager_sees_who_is_subscribed(practice_manager):
    colleague = StaffFactory(role="Front desk", username="sam", email="sam@clinic.example.org")
    AlertSubscription.objects.create(user=colleague, intake_digest=True)
    page = practice_manager.get(LIST)
    assert page.status_code == HTTPStatus.OK
    assert "sam@clinic.example.org" in page.content.decode()


@pytest.mark.django_db
def test_the_front_desk_does_not_see_who_else_is_subscribed(front_desk):
    assert front_desk.get(LIST).status_code == HTTPStatus.FORBIDDEN


@pytest.mark.django_db
def test_a_content_editor_has_no_intake_alerts_to_choose(sign_in):
    editor = sign_in("Content editor")
    assert editor.get(MINE).status_code == HTTPStatus.FORBIDDEN
    assert f'href="{MINE}"' not in editor.get("/admin/").content.decode()
