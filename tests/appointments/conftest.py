import pytest


@pytest.fixture(autouse=True)
def no_minimum_fill_time(settings):
    """Tests post at machine speed; the spam-trap tests set the minimum back themselves."""
    settings.APPOINTMENT_MIN_FILL_SECONDS = 0
