import pytest

# Staff personas, for the request-form tests that look at the admin as well.
from tests.appointments.triage.conftest import sign_in  # noqa: F401


@pytest.fixture(autouse=True)
def no_minimum_fill_time(settings):
    """Tests post at machine speed; the spam-trap tests set the minimum back themselves."""
    settings.APPOINTMENT_MIN_FILL_SECONDS = 0
