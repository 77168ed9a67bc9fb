"""A scheduled request has its appointment time: the database refuses one without."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from appointments.models import RequestStatus
from tests.factories import AppointmentRequestFactory

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_scheduled_request_without_a_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        AppointmentRequestFactory(status=RequestStatus.SCHEDULED, scheduled_for=None)


def test_a_scheduled_request_with_a_time_is_stored():
    appointment = AppointmentRequestFactory(
        status=RequestStatus.SCHEDULED, scheduled_for=timezone.now()
    )
    assert appointment.pk is not None
