"""
The practice manager runs staff access (invite, re-invite after a lost device, deactivate,
clear a lockout) and nothing more: no permissions, no superuser flag, no superuser accounts.
"""

from http import HTTPStatus

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff.models import EnrolmentInvitation
from tests.factories import StaffFactory, UserFactory

from .conftest import action_data

pytestmark = pytest.mark.django_db
USERS = "/admin/auth/user/"


@pytest.fixture
def manager(sign_in):
    return sign_in("Practice manager")


def change_data(user, **fields) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "groups": [g.pk for g in user.groups.all()],
        "last_login_0": "", "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }  # fmt: skip
    data |= fields
    return data


def test_adding_an_account_shows_its_invitation_once(manager):
    response = manager.post(
        f"{USERS}add/",
        {"username": "newhire", "password1": "a-long-pass-phrase-1",
         "password2": "a-long-pass-phrase-1", "usable_password": "true"},
        follow=True,
    )  # fmt: skip
    assert response.status_code == HTTPStatus.OK
    user = get_user_model().objects.get(username="newhire")
    assert user.is_staff
    assert not user.is_superuser
    assert EnrolmentInvitation.objects.filter(user=user, used_at=None).count() == 1
    texts = [str(m) for m in get_messages(response.wsgi_request)] + [response.text]
    assert any("/admin/two-factor/invitation/" in text for text in texts)
    assert "/admin/two-factor/invitation/" not in manager.get(f"{USERS}{user.pk}/change/").text


def test_re_inviting_removes_the_old_devices(manager):
    user = StaffFactory(role="Front desk", username="lostphone")
    TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    response = manager.post(USERS, action_data("send_new_invitation", user), follow=True)
    assert response.status_code == HTTPStatus.OK
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert EnrolmentInvitation.objects.filter(user=user, used_at=None).exists()


def test_deactivating_an_account(manager):
    user = StaffFactory(role="Front desk", username="leaver")
    manager.post(USERS, action_data("deactivate", user))
    user.refresh_from_db()
    assert not user.is_active


def test_clearing_a_lockout(manager):
    attempt = AccessAttempt.objects.create(
        username="frontdesk", ip_address="203.0.113.7", failures_since_start=5
    )
    url = f"/admin/axes/accessattempt/{attempt.pk}/delete/"
    manager.post(url, {"post": "yes"})
    assert not AccessAttempt.objects.exists()


def test_the_manager_cannot_make_anyone_a_superuser_or_give_permissions(manager):
    user = StaffFactory(role="Front desk", username="colleague")
    page = manager.get(f"{USERS}{user.pk}/change/")
    assert 'name="is_superuser"' not in page.text
    assert 'name="user_permissions"' not in page.text
    response = manager.post(
        f"{USERS}{user.pk}/change/",
        change_data(user, is_superuser="on", user_permissions=["1", "2"]),
    )
    assert response.status_code == HTTPStatus.FOUND, response.text[:2000]
    user.refresh_from_db()
    assert not user.is_superuser
    assert not user.user_permissions.exists()


def test_the_manager_can_only_give_the_four_roles(manager):
    Group.objects.create(name="Everything")
    page = manager.get(f"{USERS}{StaffFactory(role='Front desk').pk}/change/")
    assert "Everything" not in page.text
    assert "Front desk" in page.text


def test_the_manager_cannot_touch_a_superuser(manager):
    boss = UserFactory(username="boss", is_superuser=True)
    url = f"{USERS}{boss.pk}/"
    response = manager.post(url + "change/", change_data(boss, is_active=""))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert manager.get(url + "password/").status_code == HTTPStatus.FORBIDDEN
    manager.post(USERS, action_data("deactivate", boss))
    manager.post(USERS, action_data("send_new_invitation", boss))
    boss.refresh_from_db()
    assert boss.is_active
    assert not EnrolmentInvitation.objects.filter(user=boss).exists()


def test_the_manager_cannot_edit_roles(manager):
    group = Group.objects.get(name="Front desk")
    assert manager.get(f"/admin/auth/group/{group.pk}/change/").status_code == HTTPStatus.FORBIDDEN
