"""Staff accounts and a real sign-in, for the security tests."""

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

# The shared Playwright set-up for test_admin_in_chromium.py: Debian's Chromium, and a live
# server that serves static files as production does.
from tests.browser.conftest import (  # noqa: F401
    browser_type_launch_args,
    live_server,
    screenshot,
)
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery-staple"


def current_code(device: TOTPDevice) -> str:
    """The code the staff member's authenticator app shows right now."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{value:0{device.digits}d}"


def sign_in(client, username: str, password: str = PASSWORD, code: str = "", **extra):
    """Post the admin's sign-in form as a person would, from the same client address."""
    data = {"username": username, "password": password, "otp_token": code, **extra}
    return client.post(reverse("admin:login"), data, REMOTE_ADDR="203.0.113.7")


@pytest.fixture
def staff_member(db):
    """A front-desk style staff account with a confirmed authenticator app."""
    user = UserFactory(username="frontdesk", is_superuser=True)
    TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    return user


@pytest.fixture
def authenticator(staff_member) -> TOTPDevice:
    return TOTPDevice.objects.get(user=staff_member)


@pytest.fixture
def new_staff_member(db):
    """A staff account that has not set up an authenticator app yet (and no invitation)."""
    return UserFactory(username="newhire", is_superuser=True)


def follow_invitation(client, user, **sign_in_extra):
    """Invite `user`, open the link in `client` and sign in with the password, as staff do."""
    from staff.invitations import invite

    link = invite(user)
    response = client.get(link.removeprefix(settings.SITE_URL))
    assert response.status_code == 302, response.status_code
    return sign_in(client, user.get_username(), **sign_in_extra)
