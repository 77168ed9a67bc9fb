"""
Structured logs: one JSON object per line, each carrying the id of the request it belongs to.

A log collector on several servers can then follow one request from nginx through gunicorn
to Django by its id. Nothing here writes a query string, a body or an exception's message:
those are where patient details would be (a database error can quote a whole row), so an
error is logged as its class and stack only.
"""

import contextvars
import datetime
import json
import logging
import re
import traceback
import uuid
from collections.abc import Callable

from gunicorn import glogging

# nginx's $request_id is 32 hex digits and most proxies send a UUID; anything else, or
# anything that could smuggle text into a log line or header, is replaced by our own id.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
REQUEST_ID_HEADER = "X-Request-ID"

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_request_id", default=""
)


def request_id_from(value: str | None) -> str:
    if value and SAFE_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """
    Give every request an id: the proxy's `X-Request-ID` when it looks safe, otherwise a new
    one. Log records made while the request runs carry it, and the response echoes it. It
    sits first in MIDDLEWARE so that stored public pages never keep an old request's id.
    """

    def __init__(self, get_response: Callable):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to each record (empty outside a request), for any formatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id.get()
        return True


# A URL's query string, up to the next space or quote: "/admin/…/?q=Jane+Doe".
QUERY_STRING = re.compile(r"(/[^\s?#\"']*)\?[^\s\"']*")


class PathsOnlyFilter(logging.Filter):
    """
    Cut query strings out of every log message, gunicorn's "Error handling request
    /path?q=…" and Django's alike: staff searches and `next=` travel in query strings.
    Gunicorn's access log is built from named atoms and names the path already.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, dict):
            return True
        message = record.getMessage()
        if "?" in message:
            record.msg, record.args = QUERY_STRING.sub(r"\1", message), ()
        return True


def exception_summary(exc_info) -> dict:
    """The error's class and where it happened (file, line, function), without its message."""
    exc_type, _, tb = exc_info
    frames = [
        f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in traceback.extract_tb(tb)
    ]
    return {"error": exc_type.__qualname__ if exc_type else "", "stack": frames}


class JsonLinesFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "") or current_request_id.get(),
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry.update(access_fields(record.args))
        else:
            entry["message"] = record.getMessage()
        if record.exc_info:
            entry.update(exception_summary(record.exc_info))
        return json.dumps(entry, default=str)


def access_fields(atoms: dict) -> dict:
    """Gunicorn's access log atoms, by name: the path without its query string."""
    status = str(atoms.get("s", ""))
    response_id = atoms.get("{x-request-id}o", "-")
    return {
        "message": "request",
        "client": atoms.get("h", ""),
        "method": atoms.get("m", ""),
        "path": atoms.get("U", ""),
        "status": int(status) if status.isdigit() else status,
        "bytes": atoms.get("b", "-"),
        "seconds": float(atoms.get("L") or 0),
        "request_id": "" if response_id == "-" else response_id,
    }


class GunicornLogger(glogging.Logger):
    """Gunicorn's logs with paths only (`logger_class` in gunicorn.conf.py)."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        self.error_log.addFilter(PathsOnlyFilter())


class GunicornJsonLogger(GunicornLogger):
    """Gunicorn's error and access logs as JSON lines too (`logger_class` in gunicorn.conf.py)."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonLinesFormatter())
