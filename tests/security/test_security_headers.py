"""Every public page and the staff pages send the browser security headers."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.conftest import sign_in_with_second_factor
from tests.security.conftest import follow_invitation
from tests.security.pages import STAFF_PATHS, load_site_content, public_paths

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_content(db):
    load_site_content()


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response, path):
    csp = csp_directives(response)
    assert csp["default-src"] in (["'none'"], ["'self'"]), path
    for directive in ("script-src", "style-src"):
        assert csp[directive] == ["'self'"], (path, directive)
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert not any("unsafe" in value for values in csp.values() for value in values), path

    hsts = dict(
        item.strip().partition("=")[::2]
        for item in response["Strict-Transport-Security"].split(";")
    )
    assert int(hsts["max-age"]) >= 365 * 24 * 60 * 60
    assert "includeSubDomains" in hsts

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions, (path, feature)
    # Passkeys (staff sign-in) for this origin only: not switched off, not open to frames.
    policy = dict(item.strip().partition("=")[::2] for item in permissions.split(","))
    assert policy["publickey-credentials-get"] == "(self)", path
    assert policy["publickey-credentials-create"] == "(self)", path


def test_public_pages_send_the_security_headers(client):
    for path in public_paths():
        response = client.get(path, secure=True)
        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, path
        assert_security_headers(response, path)


def test_the_staff_sign_in_page_sends_the_security_headers(client):
    response = client.get(reverse("admin:login"), secure=True)
    assert response.status_code == HTTPStatus.OK
    assert_security_headers(response, "login")


def test_staff_pages_send_the_security_headers(client, staff_member):
    sign_in_with_second_factor(client, staff_member)
    for path in STAFF_PATHS:
        response = client.get(path, secure=True)
        assert response.status_code == HTTPStatus.OK, path
        assert_security_headers(response, path)


def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("content:home"))
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"].startswith("https://")


def test_admin_responses_are_never_stored_by_a_browser_or_proxy(client, staff_member):
    anonymous = [client.get(path) for path in ("/admin/login/", "/admin/", "/admin/nowhere")]
    sign_in_with_second_factor(client, staff_member)
    signed_in = [client.get(path) for path in [*STAFF_PATHS, "/admin/jsi18n/"]]
    for response in anonymous + signed_in:
        assert "no-store" in response["Cache-Control"], response.request["PATH_INFO"]


def test_the_two_factor_setup_page_is_never_stored(client, new_staff_member):
    follow_invitation(client, new_staff_member)
    response = client.get(reverse("admin:two_factor_setup"))
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]


def test_the_appointment_form_is_never_stored(client):
    response = client.get(reverse("appointments:request"))
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]
