"""Failed staff sign-ins add up to one lockout whichever app server they reach."""

from http import HTTPStatus

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.multiserver.servers import current_code, post_form

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SIGN_IN = "/admin/login/"
PASSWORD = "correct-horse-battery-staple"


def test_five_failures_spread_over_two_servers_lock_the_account_out_on_both(two_servers):
    user = UserFactory(username="frontdesk", is_superuser=True)
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    first, second = two_servers

    failures = [
        post_form(server.port, SIGN_IN, {"username": "frontdesk", "password": "wrong-password"})
        for server in (first, second, first, second, first)
    ]
    right_answer = {
        "username": "frontdesk",
        "password": PASSWORD,
        "otp_token": current_code(device),
    }
    on_second = post_form(second.port, SIGN_IN, right_answer)
    on_first = post_form(first.port, SIGN_IN, right_answer)

    # The fifth failure locks the pair out, though its server saw only three of them.
    assert [response.status for response in failures] == [HTTPStatus.OK] * 4 + [
        HTTPStatus.TOO_MANY_REQUESTS
    ]
    assert on_second.status == HTTPStatus.TOO_MANY_REQUESTS
    assert "Sign-in paused" in on_second.body
    assert on_first.status == HTTPStatus.TOO_MANY_REQUESTS
    assert "sessionid" not in on_second.cookies
    assert "sessionid" not in on_first.cookies
