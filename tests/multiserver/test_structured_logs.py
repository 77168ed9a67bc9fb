"""
Logs are JSON lines, one per event, each with the request id that the response echoes, and
never a query string, a form value or an exception's message.
"""

import json
import logging
import re
import sys
from http import HTTPStatus

import pytest

from clinic.logging import JsonLinesFormatter, RequestIdMiddleware
from tests.multiserver.servers import request, wait_until

GENERATED_ID = re.compile(r"[0-9a-f]{32}")


@pytest.mark.django_db
def test_a_safe_incoming_request_id_is_echoed(client):
    response = client.get("/healthz", headers={"X-Request-ID": "nginx-4f2a9c1e77b0"})
    assert response["X-Request-ID"] == "nginx-4f2a9c1e77b0"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "incoming",
    [
        "",
        "short",
        "has spaces in it",
        "line\\nbreak-injected",
        "x" * 65,
        "<script>alert(1)</script>",
    ],
)
def test_an_unsafe_or_missing_request_id_is_replaced_by_a_new_one(client, incoming):
    headers = {"X-Request-ID": incoming} if incoming else {}
    response = client.get("/healthz", headers=headers)
    assert GENERATED_ID.fullmatch(response["X-Request-ID"])


@pytest.mark.django_db
def test_every_response_gets_its_own_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert first != second


def log_line(record: logging.LogRecord) -> dict:
    return json.loads(JsonLinesFormatter().format(record))


def test_a_log_line_made_during_a_request_carries_its_id(rf):
    lines = []

    def view(request):
        record = logging.LogRecord("clinic", logging.INFO, __file__, 1, "Stored it", (), None)
        lines.append(log_line(record))
        from django.http import HttpResponse

        return HttpResponse()

    response = RequestIdMiddleware(view)(rf.get("/", headers={"X-Request-ID": "abcdef123456"}))

    assert lines == [
        {
            "time": lines[0]["time"],
            "level": "INFO",
            "logger": "clinic",
            "request_id": "abcdef123456",
            "message": "Stored it",
        }
    ]
    assert response["X-Request-ID"] == "abcdef123456"


def test_an_error_is_logged_by_class_and_place_without_its_message():
    try:
        raise ValueError('Failing row contains (Dana Rivers, 1984-06-14, "(570) 555-0142")')
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Error: %s", ("/x/",), sys.exc_info()
        )
    line = log_line(record)
    assert line["error"] == "ValueError"
    assert any("test_structured_logs.py" in frame for frame in line["stack"])
    assert "Dana" not in json.dumps(line)
    assert "555-0142" not in json.dumps(line)


def access_line_with_id(log: str, request_id: str) -> dict | None:
    lines = [json.loads(line) for line in log.splitlines() if line.strip()]
    return next(
        (
            line
            for line in lines
            if line["logger"] == "gunicorn.access" and line.get("request_id") == request_id
        ),
        None,
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_gunicorn_and_django_log_json_lines_with_the_request_id_and_no_query(start_servers):
    (server,) = start_servers(1)

    response = request(
        server.port,
        "GET",
        "/page-that-is-not-there/?q=Dana+Rivers",
        headers={"X-Request-ID": "req-from-nginx-0001"},
    )
    assert response.status == HTTPStatus.NOT_FOUND
    assert response.headers["x-request-id"] == "req-from-nginx-0001"

    # Gunicorn writes the access line after the response has gone, so the test can read the
    # log before the line is there; the last line would then be the readiness probe's.
    access_line = wait_until(
        lambda: access_line_with_id(server.log(), "req-from-nginx-0001"),
        seconds=10,
        what="gunicorn's access line for the request",
    )
    assert {
        "method": "GET",
        "path": "/page-that-is-not-there/",
        "status": 404,
    }.items() <= access_line.items()
    assert "Dana" not in server.log()
    assert "q=" not in server.log()
