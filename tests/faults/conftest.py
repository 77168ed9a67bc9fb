"""
The fault-injection suite: gunicorn servers with production settings whose Redis, database
connection, mail server or worker the test breaks, and then mends. Run it on its own with
`make faults` (pytest -m faults); CI runs it with the rest on PostgreSQL.

Each test records what it measured (statuses, the slowest answer, seconds to recover);
the figures are printed at the end of the run.
"""

import pytest
from django.db import connection

from tests.faults.dependencies import TcpRelay
from tests.multiserver.servers import AppServer, site_env

MEASURED: list[str] = []


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/faults/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.faults)


def pytest_terminal_summary(terminalreporter):
    if MEASURED:
        terminalreporter.section("fault-injection figures")
        for line in MEASURED:
            terminalreporter.write_line(line)


@pytest.fixture
def record():
    """Keep a line of measured figures for the summary at the end of the run."""
    return MEASURED.append


@pytest.fixture
def database_relay():
    """The test database's server, reached through a relay the test can cut."""
    db = connection.settings_dict
    relay = TcpRelay((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))).start()
    yield relay
    relay.cut()


@pytest.fixture
def start_server(tmp_path):
    """One gunicorn server (one worker) with production settings and the given overrides."""
    started: list[AppServer] = []

    def start(**env: str) -> AppServer:
        database = dict(connection.settings_dict)
        relay = env.pop("database_relay", None)
        if relay is not None:
            database.update(HOST="127.0.0.1", PORT=relay.port)
        server = AppServer(site_env(database, **env), tmp_path / f"server-{len(started)}.log")
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()
