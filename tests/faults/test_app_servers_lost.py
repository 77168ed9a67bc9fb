"""
App servers lost behind deploy/nginx.conf: one, then all of them.

Two gunicorn servers sit behind the nginx example, as two app hosts would. With one of them
killed, nginx passes every request (a form post included, since it never reached the dead
server) to the other. With both killed, nginx serves the public pages it has stored, and
everything else gets its outage page: a 503 with the phone and emergency numbers and the
security headers, never nginx's bare error page.
"""

import shutil
import ssl
import subprocess
import tempfile
import urllib.request
from http import HTTPStatus
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from appointments.models import AppointmentRequest
from bench.nginx_example import local_nginx_config, self_signed_certificate
from content.models import ClinicProfile
from content.shipped_content import load_shipped_pages
from tests.appointments.answers import URL, valid_answers
from tests.multiserver.servers import CSRF_SECRET, HOST, PROJECT, free_port, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# Our own self-signed certificate, on loopback.
UNVERIFIED = ssl._create_unverified_context()  # noqa: S323


def fetch(port: int, path: str, *, form: dict | None = None) -> tuple[int, dict, str]:
    """One request to nginx over TLS, as a browser without cookies sends it."""
    headers = {"Host": "clinic.example.org"}
    data = None
    if form is not None:
        data = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": CSRF_SECRET}).encode()
        headers |= {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={CSRF_SECRET}",
            "Origin": "https://clinic.example.org",
            "Referer": "https://clinic.example.org/request-appointment/",
        }
    sent = urllib.request.Request(f"https://{HOST}:{port}{path}", data=data, headers=headers)
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=UNVERIFIED), NoRedirects
    )
    try:
        with opener.open(sent, timeout=30) as answer:
            return (
                answer.status,
                {k.lower(): v for k, v in answer.headers.items()},
                answer.read().decode(),
            )
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read().decode()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def nginx(start_server):
    if not shutil.which("nginx"):
        pytest.fail("These tests need nginx and openssl: apt-get install nginx-light openssl")
    ClinicProfile.load()
    load_shipped_pages()
    servers = [
        start_server(
            ALLOWED_HOSTS="clinic.example.org,127.0.0.1",
            BEHIND_TLS_PROXY="true",
            TRUSTED_PROXY_COUNT="1",
            CSRF_TRUSTED_ORIGINS="https://clinic.example.org",
        )
        for _ in range(2)
    ]
    # Under /tmp itself, so nginx's unprivileged workers can reach it.
    workdir = Path(tempfile.mkdtemp(prefix="clinic-nginx-", dir="/tmp"))
    outage = workdir / "outage"
    for folder in (workdir, workdir / "cache", workdir / "body", workdir / "proxy", outage):
        folder.mkdir(exist_ok=True)
        folder.chmod(0o777)
    self_signed_certificate(workdir)
    call_command("write_outage_page", "--output", str(outage / "outage.html"), stdout=StringIO())
    port = free_port()
    config = local_nginx_config(
        workdir,
        https_port=port,
        http_port=free_port(),
        app_ports=[server.port for server in servers],
        static_root=PROJECT / "staticfiles",
        outage_root=outage,
    )
    subprocess.run(["nginx", "-c", str(config), "-p", str(workdir)], check=True)
    try:
        wait_until(lambda: fetch(port, "/healthz")[0] == HTTPStatus.OK, what="nginx")
        yield port, servers
    finally:
        subprocess.run(["nginx", "-c", str(config), "-p", str(workdir), "-s", "stop"], check=False)
        shutil.rmtree(workdir, ignore_errors=True)


def test_one_app_server_lost_then_all_of_them(nginx, record):
    port, (first, second) = nginx
    assert fetch(port, "/crps/")[0] == HTTPStatus.OK  # now in nginx's page cache

    first.stop()
    statuses = [fetch(port, path)[0] for path in ("/", "/crps/", "/about/", URL)]
    before = AppointmentRequest.objects.count()
    posted = fetch(port, URL, form=valid_answers())

    assert statuses == [HTTPStatus.OK] * 4
    assert posted[0] == HTTPStatus.FOUND, posted[2][:2000]
    assert AppointmentRequest.objects.count() == before + 1

    second.stop()
    stored = fetch(port, "/crps/")
    unstored = fetch(port, "/accessibility/")
    post = fetch(port, URL, form=valid_answers())

    assert stored[0] == HTTPStatus.OK
    for status, headers, body in (unstored, post):
        assert status == HTTPStatus.SERVICE_UNAVAILABLE
        assert 'href="tel:+15705550123"' in body
        assert "988" in body
        assert "nginx" not in body
        assert headers["cache-control"] == "no-store"
        assert headers["x-content-type-options"] == "nosniff"
        assert "default-src 'none'" in headers["content-security-policy"]
    assert AppointmentRequest.objects.count() == before + 1
    record(
        "One of two app servers killed: pages 200, post 302 and stored; both killed: stored "
        "page 200, other pages and the post 503 with nginx's outage page and the phone number"
    )
