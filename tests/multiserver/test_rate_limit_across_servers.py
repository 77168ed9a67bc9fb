"""The request form's per-client limit counts posts to every app server, not to each."""

from http import HTTPStatus

import pytest

from appointments.models import AppointmentRequest
from tests.appointments.answers import URL, valid_answers
from tests.multiserver.servers import post_form

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_posts_alternating_between_two_servers_share_one_allowance(two_servers):
    first, second = two_servers  # each allows 4 posts per client

    statuses = [
        post_form(server.port, URL, valid_answers()).status
        for server in (first, second, first, second, first, second)
    ]

    assert statuses == [HTTPStatus.FOUND] * 4 + [HTTPStatus.TOO_MANY_REQUESTS] * 2
    assert AppointmentRequest.objects.count() == 4
