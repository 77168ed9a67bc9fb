"""
A failure while handling patient data leaves that data out of the error email to ADMINS,
the server log and the error report (whatever a tracker would receive).
"""

import logging
import sys
from http import HTTPStatus

import pytest
from django.core import mail
from django.test import RequestFactory
from django.views.debug import get_exception_reporter_class

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.urls_that_fail")]

CANARY = "Zelda-Canary-1987-07-14"


@pytest.fixture
def failing_client(client, settings):
    settings.ADMINS = [("Site operator", "operator@clinic.example.org")]
    client.raise_request_exception = False
    return client


def test_the_error_email_holds_no_submitted_values(failing_client):
    response = failing_client.post(
        f"/fails/?search={CANARY}",
        {"name": CANARY, "date_of_birth": "1987-07-14"},
        HTTP_REFERER=f"https://clinic.example.org/admin/?q={CANARY}",
        HTTP_COOKIE=f"note={CANARY}",
    )
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    everything = email.subject + email.body + "".join(str(a) for a in email.alternatives)
    assert "RuntimeError" in email.body  # the report still says what failed, and where
    assert "failing_view" in email.body
    assert CANARY not in everything
    assert "1987-07-14" not in everything


def test_the_server_log_holds_no_submitted_values(failing_client, caplog):
    with caplog.at_level(logging.DEBUG):
        failing_client.post(f"/fails/?search={CANARY}", {"name": CANARY})
    assert caplog.records, "the failure should be logged"
    assert CANARY not in caplog.text
    for record in caplog.records:
        assert CANARY not in record.getMessage()


def test_the_html_report_holds_no_submitted_values():
    request = RequestFactory().post(f"/fails/?search={CANARY}", {"name": CANARY})
    patient_name = CANARY  # a local variable in the failing frame
    try:
        raise ValueError("failed")
    except ValueError:
        reporter = get_exception_reporter_class(request)(request, *sys.exc_info())
    assert patient_name
    assert CANARY not in reporter.get_traceback_html()
    assert CANARY not in reporter.get_traceback_text()


SECRET = "s3cret-Pa55word"


@pytest.fixture
def secrets_in_settings(settings):
    settings.DATABASE_URL = f"postgresql://clinic:{SECRET}@db.internal:5432/clinic"
    settings.CACHE_URL = f"rediss://:{SECRET}@cache.internal:6380/0"
    settings.SENTRY_DSN = f"https://{SECRET}@errors.example.org/1"
    settings.CACHES = {
        **settings.CACHES,
        "reports-test": {"BACKEND": "x", "LOCATION": f"redis://:{SECRET}@cache.internal"},
    }
    settings.SOME_SERVICE = {"ENDPOINT": f"https://user:{SECRET}@service.example.org/"}


def report_for(exception: BaseException, request=None) -> tuple[str, str]:
    try:
        raise exception
    except type(exception):
        reporter = get_exception_reporter_class(request)(request, *sys.exc_info())
    return reporter.get_traceback_html(), reporter.get_traceback_text()


def test_settings_that_can_hold_a_secret_are_masked_in_the_report(secrets_in_settings):
    request = RequestFactory().get("/fails/")
    for report in report_for(RuntimeError("failed"), request):
        assert SECRET not in report
        assert "DATABASE_URL" in report  # named, with its value masked


def test_the_exception_message_is_replaced_by_its_class_and_location():
    request = RequestFactory().get("/fails/")
    error = ValueError(f"duplicate key value (full_name)=({CANARY})")
    html, text = report_for(error, request)
    assert CANARY not in html
    assert CANARY not in text
    assert "ValueError raised at test_no_patient_data_in_error_reports.py:" in text


def test_a_chained_exception_message_is_left_out_too():
    request = RequestFactory().get("/fails/")
    try:
        try:
            raise KeyError(CANARY)
        except KeyError as cause:
            raise RuntimeError("wrapped") from cause
    except RuntimeError:
        reporter = get_exception_reporter_class(request)(request, *sys.exc_info())
    assert CANARY not in reporter.get_traceback_html()
    assert CANARY not in reporter.get_traceback_text()
