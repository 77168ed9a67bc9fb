"""Gunicorn's access log (gunicorn.conf.py) names paths, never query strings or referrers."""

import datetime
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

CONFIG_FILE = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
SEARCH = "q=Jane+Doe+1987"


def access_log_line() -> str:
    config = Config()
    for name, value in runpy.run_path(str(CONFIG_FILE)).items():
        if name in config.settings:
            config.set(name, value)
    logger = Logger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/admin/appointments/appointmentrequest/?{SEARCH}",
        "PATH_INFO": "/admin/appointments/appointmentrequest/",
        "QUERY_STRING": SEARCH,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://clinic.example.org/admin/?{SEARCH}",
        "HTTP_USER_AGENT": "test",
    }
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    captured = Captured()
    logger.access_log.addHandler(captured)
    try:
        logger.access(response, request, environ, datetime.timedelta(seconds=0.05))
    finally:
        logger.access_log.removeHandler(captured)
    return captured.lines[-1]


class Captured(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def test_the_access_log_names_the_path_without_the_query_string():
    line = access_log_line()
    assert '"GET /admin/appointments/appointmentrequest/ HTTP/1.1" 200' in line
    assert "Jane" not in line
    assert "?" not in line
