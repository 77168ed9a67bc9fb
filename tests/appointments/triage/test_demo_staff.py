"""`make run`'s demo account works through the same roles real staff have."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_account_is_a_practice_manager_and_content_editor(settings):
    settings.DEBUG = True
    call_command("ensure_demo_staff")
    demo = get_user_model().objects.get(username="demo")
    assert demo.is_staff
    assert not demo.is_superuser
    assert set(demo.groups.values_list("name", flat=True)) == {
        "Practice manager",
        "Content editor",
    }


def test_an_older_superuser_demo_account_is_moved_into_the_roles(settings):
    settings.DEBUG = True
    UserFactory(username="demo", is_superuser=True)
    call_command("ensure_demo_staff")
    demo = get_user_model().objects.get(username="demo")
    assert not demo.is_superuser
    assert demo.has_perm("appointments.purge_appointmentrequest")
