"""A staff member signed in through one app server is signed in on every other."""

from http import HTTPStatus

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory
from tests.multiserver.servers import current_code, post_form, request

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"


def test_a_session_started_on_one_server_opens_the_admin_on_the_other(two_servers):
    user = UserFactory(username="frontdesk", is_superuser=True)
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    first, second = two_servers

    signed_in = post_form(
        first.port,
        "/admin/login/?next=/admin/",
        {"username": "frontdesk", "password": PASSWORD, "otp_token": current_code(device)},
    )
    assert signed_in.status == HTTPStatus.FOUND, signed_in.body[:2000]
    session = {"sessionid": signed_in.cookies["sessionid"]}

    on_second = request(second.port, "GET", "/admin/", cookies=session)
    assert on_second.status == HTTPStatus.OK
    assert "Amira Integrative Health staff" in on_second.body
    assert 'name="password"' not in on_second.body


def test_signing_out_on_one_server_ends_the_session_on_the_other(two_servers):
    user = UserFactory(username="frontdesk", is_superuser=True)
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    first, second = two_servers
    signed_in = post_form(
        first.port,
        "/admin/login/",
        {"username": "frontdesk", "password": PASSWORD, "otp_token": current_code(device)},
    )
    session = {"sessionid": signed_in.cookies["sessionid"]}
    assert request(first.port, "GET", "/admin/", cookies=session).status == HTTPStatus.OK

    signed_out = post_form(second.port, "/admin/logout/", {}, cookies=session)
    assert signed_out.status == HTTPStatus.OK

    on_first = request(first.port, "GET", "/admin/", cookies=session)
    assert on_first.status == HTTPStatus.FOUND
    assert on_first.headers["location"].startswith("/admin/login/")
