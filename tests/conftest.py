from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import translation


def pytest_collection_modifyitems(config, items):
    """
    Tests marked `postgres` exercise row locks and truly concurrent transactions, which
    SQLite cannot show. They are deselected (and reported as such) on SQLite; CI runs the
    suite on PostgreSQL too, where they must pass.
    """
    if connection.vendor == "postgresql":
        return
    selected, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("postgres") else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(scope="session", autouse=True)
def collected_static_files():
    """
    Pages link their stylesheets through the hashed manifest, so the static files must be
    collected before a page renders. `make test` has done it; this lets `pytest` alone work
    after `make setup`, and collects again only when a source file is newer than the manifest.
    """
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    folders = [
        entry[1] if isinstance(entry, tuple) else entry for entry in settings.STATICFILES_DIRS
    ]
    newest_source = max(path.stat().st_mtime for f in folders for path in Path(f).rglob("*"))
    if not manifest.exists() or newest_source > manifest.stat().st_mtime:
        call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: no cached pages, profiles or rate limits."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def no_closed_days_until_a_test_adds_them(request):
    """
    The clinic's calendar starts with the federal holidays the migration suggested, but a
    flush (after every transactional test) empties the table: so that a test's dates mean
    the same whatever ran before it, every test starts with no closed days and adds the
    ones it is about (tests/content/test_clinic_calendar.py runs the suggestion itself).
    """
    names = set(request.fixturenames)
    if request.node.get_closest_marker("django_db") is None and not names & {
        "db",
        "transactional_db",
    }:
        return
    request.getfixturevalue("transactional_db" if "transactional_db" in names else "db")
    from content.models import ClosedDay

    ClosedDay.objects.all().delete()


@pytest.fixture
def redis_server():
    """A redis-server of the test's own, on a spare port, that it may kill or freeze."""
    from tests.faults.dependencies import RedisServer

    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def english_until_a_request_says_otherwise():
    """
    Each test starts in the default language, as each real request does (the middleware
    activates the language of its address); a Spanish page fetched by one test must not
    leave the next test's code running in Spanish.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def sign_in_with_second_factor(client, user):
    """
    Sign a test client in as `user`, with a TOTP device verified in the session, as if the
    user had typed a correct password and code. Tests of the sign-in itself do it for real.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Phone", defaults={"confirmed": True}
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def sign_in(client):
    """Sign the test client in as a new staff member in `role` (or as a superuser)."""
    from tests.factories import StaffFactory, UserFactory

    def sign_in_as(role: str | None = None, *, superuser: bool = False, **kwargs):
        if superuser:
            user = UserFactory(is_superuser=True, **kwargs)
        else:
            user = StaffFactory(role=role, **kwargs)
        sign_in_with_second_factor(client, user)
        client.user = user
        return client

    return sign_in_as


@pytest.fixture
def superuser_client(client, django_user_model):
    """A client signed in, with its second factor, as a superuser."""
    from tests.factories import UserFactory

    user = UserFactory(username="admin", is_superuser=True)
    return sign_in_with_second_factor(client, user)
