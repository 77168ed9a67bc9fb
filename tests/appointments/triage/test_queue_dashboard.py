"""The admin index shows the queue at a glance to staff who triage requests."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from appointments.models import AppointmentRequest
from tests.conftest import sign_in_with_second_factor
from tests.factories import AppointmentRequestFactory

pytestmark = pytest.mark.django_db
CLINIC = ZoneInfo("America/New_York")
NOW = datetime.datetime(2025, 3, 12, 15, 0, tzinfo=CLINIC)  # a Wednesday afternoon


def received(moment: datetime.datetime, contacted_after: datetime.timedelta | None = None, **kw):
    with time_machine.travel(moment, tick=False):
        request = AppointmentRequestFactory(**kw)
    if contacted_after is not None:
        AppointmentRequest.objects.filter(pk=request.pk).update(
            first_contacted_at=request.created + contacted_after
        )
    return request


def tile(page: str, label: str) -> str:
    after = page.split(f"<dt>{label}</dt>", 1)[1]
    return " ".join(after.split("</dd>", 1)[0].replace("<dd>", "").split())


def index_page(client) -> str:
    with time_machine.travel(NOW, tick=False):
        sign_in_with_second_factor(client, client.user)
        return client.get("/admin/").content.decode()


def test_the_queue_counts(front_desk):
    received(NOW - datetime.timedelta(hours=2))  # new today
    received(NOW - datetime.timedelta(hours=3))  # new today
    received(NOW - datetime.timedelta(days=7))  # overdue
    received(NOW - datetime.timedelta(days=9), status="closed")
    received(
        NOW - datetime.timedelta(days=5),
        status="scheduled",
        scheduled_for=NOW + datetime.timedelta(days=1),
    )
    received(
        NOW - datetime.timedelta(days=5),
        status="scheduled",
        scheduled_for=NOW + datetime.timedelta(days=14),
    )
    page = index_page(front_desk)
    assert "New today" in page
    assert tile(page, "New today") == "2"
    assert ">5</a>" in tile(page, "Open")  # new, overdue and scheduled are open
    assert ">1</a>" in tile(page, "Overdue for first contact")
    assert tile(page, "Scheduled this week") == "1"


def test_the_median_time_to_first_contact_over_30_days(front_desk):
    for hours in (1, 3, 30):
        received(NOW - datetime.timedelta(days=3), datetime.timedelta(hours=hours))
    received(NOW - datetime.timedelta(days=60), datetime.timedelta(hours=200))
    page = index_page(front_desk)
    assert tile(page, "Median time to first contact (last 30 days)") == "3 h 0 min"


def test_the_content_editor_sees_no_queue(sign_in):
    editor = sign_in("Content editor")
    assert "Appointment request queue" not in index_page(editor)
