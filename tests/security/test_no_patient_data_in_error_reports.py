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
