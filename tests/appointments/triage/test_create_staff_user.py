"""`manage.py create_staff_user` creates a staff account in one role, never echoing the
password."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-enough-pass-phrase"


def create(*args) -> str:
    out = StringIO()
    call_command("create_staff_user", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_a_script_creates_a_front_desk_account(monkeypatch):
    monkeypatch.setenv("NEW_STAFF_PASSWORD", PASSWORD)
    output = create(
        "jordan", "--role", "Front desk", "--email", "jordan@clinic.example.org",
        "--password-from-env", "NEW_STAFF_PASSWORD",
    )  # fmt: skip
    user = get_user_model().objects.get(username="jordan")
    assert user.is_staff
    assert not user.is_superuser
    assert user.email == "jordan@clinic.example.org"
    assert list(user.groups.values_list("name", flat=True)) == ["Front desk"]
    assert user.check_password(PASSWORD)
    assert user.has_perm("appointments.export_appointmentrequest")
    assert not user.has_perm("appointments.delete_appointmentrequest")
    assert PASSWORD not in output


def test_the_password_is_asked_for_twice(monkeypatch):
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    create("sam", "--role", "Clinician")
    assert get_user_model().objects.get(username="sam").check_password(PASSWORD)


def test_two_different_passwords_create_nothing(monkeypatch):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="differ"):
        create("sam", "--role", "Clinician")
    assert not get_user_model().objects.filter(username="sam").exists()


def test_a_weak_password_is_refused(monkeypatch):
    monkeypatch.setenv("NEW_STAFF_PASSWORD", "password")
    with pytest.raises(CommandError):
        create("sam", "--role", "Clinician", "--password-from-env", "NEW_STAFF_PASSWORD")
    assert not get_user_model().objects.filter(username="sam").exists()


def test_an_unknown_role_is_refused(monkeypatch):
    monkeypatch.setenv("NEW_STAFF_PASSWORD", PASSWORD)
    with pytest.raises(CommandError):
        create("sam", "--role", "Owner", "--password-from-env", "NEW_STAFF_PASSWORD")


def test_an_existing_username_is_refused(monkeypatch):
    from tests.factories import UserFactory

    UserFactory(username="sam")
    monkeypatch.setenv("NEW_STAFF_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match="already"):
        create("sam", "--role", "Clinician", "--password-from-env", "NEW_STAFF_PASSWORD")
