"""
App servers and workers as separate processes, for the tests of running on several hosts.

Each server is gunicorn with one worker, started from the project folder with production
settings, on its own free port, against the test database and Redis. They share nothing
but what production servers would share, so anything kept in one process's memory shows.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
# Redis database 5 belongs to these tests; they flush that one database and no other.
REDIS_URL = os.environ.get("MULTISERVER_REDIS_URL", "redis://127.0.0.1:6379/5")
# Any 32 letters and digits make a valid CSRF secret; the form echoes it back.
CSRF_SECRET = "MultiServerTestCsrfSecret0123456"


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until(condition: Callable[[], object], seconds: float = 30, what: str = "") -> object:
    """Poll `condition` until it returns something truthy; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {seconds}s waiting for {what or condition}")
        time.sleep(0.05)


def current_code(device) -> str:
    """The code a staff member's authenticator app shows right now."""
    from django_otp.oath import totp

    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{value:0{device.digits}d}"


def site_env(database: dict, **overrides: str) -> dict[str, str]:
    """Production settings against the test database, plain HTTP on loopback."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "DJANGO_ALLOW"))
    }
    user = database["USER"] or "root"
    host = database["HOST"] or HOST
    port = database["PORT"] or 5432
    env.update(
        DEBUG="false",
        DATABASE_URL=f"postgresql://{user}@{host}:{port}/{database['NAME']}",
        CACHE_URL=REDIS_URL,
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        TASKS_BACKEND="database",
        DATABASE_POOL_MIN_SIZE="1",
        APPOINTMENT_MIN_FILL_SECONDS="0",
        LOG_FORMAT="json",
    )
    env.update(overrides)
    return env


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str
    cookies: dict[str, str] = field(default_factory=dict)


def request(
    port: int,
    method: str,
    path: str,
    *,
    form: dict | None = None,
    cookies: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> Response:
    """One request on a fresh connection, as a browser without keep-alive would send it."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        sent = {"Host": HOST, **(headers or {})}
        if cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=sent)
        answer = connection.getresponse()
        jar = SimpleCookie()
        for value in answer.headers.get_all("Set-Cookie") or []:
            jar.load(value)
        return Response(
            status=answer.status,
            headers={name.lower(): value for name, value in answer.getheaders()},
            body=answer.read().decode("utf-8", "replace"),
            cookies={name: morsel.value for name, morsel in jar.items()},
        )
    finally:
        connection.close()


def post_form(port: int, path: str, form: dict, cookies: dict | None = None) -> Response:
    """Post a form with the CSRF cookie and token a browser would have from the page."""
    return request(
        port,
        "POST",
        path,
        form={**form, "csrfmiddlewaretoken": CSRF_SECRET},
        cookies={"csrftoken": CSRF_SECRET, **(cookies or {})},
    )


class AppServer:
    """gunicorn serving the site on its own port, one worker, like one app host."""

    def __init__(self, env: dict[str, str], log_path: Path):
        self.port = free_port()
        self.log_path = log_path
        self.env = {**env, "GUNICORN_BIND": f"{HOST}:{self.port}", "WEB_CONCURRENCY": "1"}
        self.process: subprocess.Popen | None = None

    def start(self) -> "AppServer":
        self.launch()
        self.wait_until_healthy()
        return self

    def launch(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            # gunicorn.conf.py in the project folder is read, as in production.
            [sys.executable, "-m", "gunicorn", "clinic.wsgi"],
            cwd=PROJECT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()

    def wait_until_healthy(self) -> None:
        wait_until(self.is_healthy, what=f"gunicorn on port {self.port} to answer /healthz")

    def is_healthy(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"gunicorn exited early:\n{self.log()[-3000:]}")
        try:
            return request(self.port, "GET", "/healthz", timeout=5).status == 200
        except OSError:
            return False

    def workers(self) -> set[int]:
        """Process ids of the master's current workers."""
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return {int(pid) for pid in children.read_text().split()}

    def reload(self) -> None:
        """What `systemctl reload` does: HUP the master."""
        assert self.process is not None
        self.process.send_signal(signal.SIGHUP)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
