import pytest
from django.db import connection

from tests.multiserver.servers import REDIS_URL, AppServer, site_env


@pytest.fixture
def shared_cache(settings):
    """
    This test process uses the same Redis database as the servers it starts, so a save
    here clears their cached pages as a save on another app host would. Only that one
    database is flushed, before and after.
    """
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def start_servers(shared_cache, tmp_path):
    """Start app servers with the given settings; all are stopped after the test."""
    started: list[AppServer] = []

    def start(count: int = 1, **env: str) -> list[AppServer]:
        servers = [
            AppServer(
                site_env(connection.settings_dict, **env),
                tmp_path / f"server-{len(started) + number}.log",
            )
            for number in range(1, count + 1)
        ]
        started.extend(servers)
        # Booted side by side, as hosts would be; each is waited for before the test goes on.
        for server in servers:
            server.launch()
        for server in servers:
            server.wait_until_healthy()
        return servers

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def two_servers(start_servers):
    return start_servers(2, APPOINTMENT_RATE_LIMIT="4", APPOINTMENT_RATE_WINDOW="600")
