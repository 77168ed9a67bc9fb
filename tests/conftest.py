import pytest
from django.core.cache import cache
from django.db import connection


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


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: no cached pages, profiles or rate limits."""
    cache.clear()
    yield
    cache.clear()
