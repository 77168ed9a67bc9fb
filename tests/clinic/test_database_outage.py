"""
A real PostgreSQL outage, and recovery without restarting the web server.

The site runs under gunicorn in a subprocess and reaches PostgreSQL through a small TCP
proxy that this test can switch off and on again, as if the database server stopped and
started. Stopping the shared server itself would break every other test.
"""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import closing
from http import HTTPStatus
from pathlib import Path

import pytest
from django.db import connection

PROJECT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


class SwitchableProxy:
    """Forwards TCP connections to PostgreSQL while on; refuses them, and cuts live ones, while off."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = free_port()
        self.live: list[socket.socket] = []
        self.listener: socket.socket | None = None
        self.lock = threading.Lock()

    def start(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=True)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def stop(self) -> None:
        with self.lock:
            if self.listener:
                self.listener.close()
                self.listener = None
            for sock in self.live:
                with closing(sock):
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
            self.live.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self.lock:
                # stop() may have run while this connection was being set up.
                if listener is not self.listener:
                    client.close()
                    upstream.close()
                    return
                self.live += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(url: str, status: int, seconds: float = 30) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    while True:
        try:
            result = get(url)
        except (urllib.error.URLError, ConnectionError):
            result = (0, "")
        if result[0] == status or time.monotonic() > deadline:
            return result
        time.sleep(0.25)


@pytest.fixture
def proxy():
    db = connection.settings_dict
    proxy = SwitchableProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    proxy.start()
    yield proxy
    proxy.stop()


@pytest.fixture
def site(proxy):
    db = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgresql://{db['USER']}@127.0.0.1:{proxy.port}/{db['NAME']}",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "CACHE_URL": "locmem://",
        "DATABASE_POOL_TIMEOUT": "2",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "clinic.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(f"{base}/healthz", HTTPStatus.OK)[0] == HTTPStatus.OK
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_pages_answer_503_while_postgresql_is_down_and_recover_without_a_restart(site, proxy):
    proxy.stop()

    status, body = get(f"{site}/healthz")
    assert status == HTTPStatus.SERVICE_UNAVAILABLE
    assert body == '{"status": "unavailable"}'

    status, body = get(f"{site}/")
    assert status == HTTPStatus.SERVICE_UNAVAILABLE, body[:3000]
    assert "not available right now" in body
    assert 'href="tel:' in body
    assert "Traceback" not in body

    proxy.start()

    assert wait_for(f"{site}/healthz", HTTPStatus.OK)[0] == HTTPStatus.OK
    status, body = wait_for(f"{site}/", HTTPStatus.OK)
    assert status == HTTPStatus.OK
    assert "not available right now" not in body
