"""
Passkeys end to end in Chromium, with its virtual authenticator (the DevTools WebAuthn
domain): a new staff member registers one through the invitation and then signs in with it
alone, over real TLS on https://localhost, as a passkey needs a host name and a secure
origin. The same key used from another origin (the plain live server, a stand-in for a
look-alike site) is refused; a recovery code signs in once.
"""

import base64
import datetime
import hashlib
import ssl
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.test.testcases import QuietWSGIRequestHandler
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from staff.invitations import invite
from tests.browser.chromium import CHROMIUM, CHROMIUM_FLAGS
from tests.browser.conftest import DESKTOP, screenshots_of
from tests.factories import StaffFactory
from tests.security.conftest import PASSWORD
from tests.security.test_admin_in_chromium import watch_for_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class TLSRequestHandler(QuietWSGIRequestHandler):
    def get_environ(self):
        environ = super().get_environ()
        environ["HTTPS"] = "on"  # wsgiref then sets wsgi.url_scheme, so is_secure() is true
        return environ


class TLSLiveServer(LiveServer):
    """Django's live server behind TLS, serving static files as production does."""

    def __init__(self, certificate: Path, key: Path):
        super().__init__("localhost", start=False)
        thread = self.thread
        thread.static_handler = lambda application: application
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificate, key)

        def create_server(connections_override=None):
            server = thread.server_class(
                (thread.host, thread.port),
                TLSRequestHandler,
                allow_reuse_address=False,
                connections_override=connections_override,
            )
            # The handshake happens in the thread that answers the request, so one slow
            # client cannot hold up the accepting loop.
            server.socket = context.wrap_socket(
                server.socket, server_side=True, do_handshake_on_connect=False
            )
            return server

        thread._create_server = create_server
        self.start()

    @property
    def url(self) -> str:
        return f"https://localhost:{self.thread.port}"


def throwaway_certificate(folder: Path) -> tuple[Path, Path, str]:
    """A self-signed certificate for localhost: its files, and its key's SPKI hash."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    certificate_file, key_file = folder / "localhost.pem", folder / "localhost-key.pem"
    certificate_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    spki = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return certificate_file, key_file, base64.b64encode(hashlib.sha256(spki).digest()).decode()


@pytest.fixture
def tls_site(tmp_path, settings):
    certificate, key, spki_hash = throwaway_certificate(tmp_path)
    server = TLSLiveServer(certificate, key)
    settings.SITE_URL = server.url
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [server.url]
    yield server, spki_hash
    server.stop()


@pytest.fixture
def tls_page(tls_site, browser_type):
    """A page in a Chromium that trusts the throwaway certificate (by its key, nothing else)."""
    _, spki_hash = tls_site
    browser = browser_type.launch(
        executable_path=CHROMIUM,
        args=[*CHROMIUM_FLAGS, f"--ignore-certificate-errors-spki-list={spki_hash}"],
    )
    page = browser.new_context(viewport=DESKTOP).new_page()
    page.set_default_timeout(10_000)
    yield page
    browser.close()


def add_virtual_authenticator(page) -> tuple[object, str]:
    """A platform authenticator that holds passkeys and verifies its user (a fingerprint)."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    added = devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return devtools, added["authenticatorId"]


def test_a_new_staff_member_registers_a_passkey_and_signs_in_with_it(
    tls_site, tls_page, live_server, request
):
    server, _ = tls_site
    page = tls_page
    screenshot = screenshots_of(page, request)
    user = StaffFactory(role="Front desk", username="newhire")
    violations = watch_for_csp_violations(page)
    devtools, authenticator = add_virtual_authenticator(page)

    # The invitation, then the password, then the enrolment page with the passkey first.
    page.goto(server.url + invite(user).removeprefix(settings.SITE_URL))
    page.get_by_label("Username").fill("newhire")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/two-factor/setup/**")
    screenshot("enrolment-with-a-passkey-first")
    page.get_by_role("button", name="Set up a passkey").click()

    # Saved, and straight on to the recovery codes.
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    assert codes.count() == 10
    recovery_code = codes.first.inner_text()
    screenshot("recovery-codes-after-passkey")
    credential = WebAuthnCredential.objects.get(user=user)
    assert credential.confirmed
    stored = devtools.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(stored["credentials"]) == 1

    # Signed out, then back in with the passkey alone: no password, no code.
    page.context.clear_cookies()
    page.goto(server.url + "/admin/login/")
    screenshot("sign-in-with-a-passkey-offered-first")
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(server.url + "/admin/")
    expect(
        page.get_by_role("heading", name="Appointment requests and site content")
    ).to_be_visible()
    credential.refresh_from_db()
    assert credential.last_used_at is not None
    assert violations == []

    # The same key from another origin: the browser signs for that origin, the site refuses.
    page.context.clear_cookies()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_role("status")).to_contain_text("Invalid authentication response")
    screenshot("passkey-from-another-origin-refused")
    page.goto(live_server.url + "/admin/")
    assert "/admin/login/" in page.url

    # Without the passkey (a lost laptop): the password and a recovery code, which then
    # works no more.
    for attempt in ("first", "second"):
        page.context.clear_cookies()
        page.goto(server.url + "/admin/login/")
        page.get_by_label("Username").fill("newhire")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_text("Lost your phone? Use a recovery code").click()
        page.get_by_label("Recovery code").fill(recovery_code)
        page.get_by_role("button", name="Sign in").click()
        if attempt == "first":
            page.wait_for_url(server.url + "/admin/")
    expect(page.get_by_text("That recovery code did not work")).to_be_visible()
    screenshot("a-used-recovery-code-refused")
