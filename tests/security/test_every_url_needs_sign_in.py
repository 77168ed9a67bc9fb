"""
Every URL the project serves either is on the short public list below or sends an
anonymous visitor to the staff sign-in page. A URL that nobody classified fails here.
"""

import itertools
import re
import uuid
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils.regex_helper import normalize

# Public on purpose: patient-facing pages, machine-readable files, the health check, and
# the sign-in page itself. Named by URL name; "route:" entries are unnamed patterns.
PUBLIC_URLS = {
    "healthz",
    "content:home",
    "content:page",
    "sitemap",
    "robots",
    "appointments:request",
    "appointments:confirmation",
    # The sign-in page, and sign-out (which only sends an anonymous visitor to the admin
    # home, and from there to sign-in).
    "admin:login",
    "admin:logout",
    # An invitation link: opened before signing in; an unknown token gets a plain 403 page.
    "admin:staff_invitation",
    # Signing in with a passkey (staff/passkeys.py) happens before there is a session: a
    # challenge, and the check of the key's answer; and the messages of its script.
    "otp_webauthn:credential-authentication-begin",
    "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:js-i18n-catalog",
}
# The enrolment page's script endpoints answer in JSON, so a visitor who is not signed in
# gets a refusal (403) rather than the way to sign in.
REFUSED_IN_JSON = {
    "otp_webauthn:credential-registration-begin",
    "otp_webauthn:credential-registration-complete",
}

SAMPLE_VALUES = [
    "1",
    "sample",
    str(uuid.UUID(int=1)),
    *sorted(app.label for app in apps.get_app_configs()),
]
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def fill(pattern, values: dict[str, str]) -> str:
    """The pattern's text with each parameter replaced by the given value."""
    if isinstance(pattern, RoutePattern):
        return ROUTE_PARAMETER.sub(lambda m: values[m["name"]], str(pattern))
    assert isinstance(pattern, RegexPattern), pattern
    template, _ = normalize(str(pattern))[0]
    return template % values


def parameters(pattern) -> list[str]:
    if isinstance(pattern, RegexPattern):
        # Unnamed groups get the placeholders _0, _1, ...
        return normalize(str(pattern))[0][1]
    return list(pattern.regex.groupindex)


def concrete_segments(pattern, is_endpoint: bool):
    """Every way to fill the pattern's parameters from SAMPLE_VALUES that it accepts."""
    if isinstance(pattern, LocalePrefixPattern):
        # i18n_patterns: the same views under each language's prefix; the default
        # language's is empty. tests/content/test_spanish_addresses.py covers /es/.
        yield pattern.language_prefix
        return
    names = parameters(pattern)
    for combination in itertools.product(SAMPLE_VALUES, repeat=len(names)):
        segment = fill(pattern, dict(zip(names, combination, strict=True)))
        match = pattern.match(segment)
        if match and (not is_endpoint or match[0] == ""):
            yield segment


def walk(patterns, prefixes=("",), namespace=""):
    """(name, example path, pattern) for every endpoint, with a path that resolves to it."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            child_namespace = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            child_prefixes = [
                prefix + segment
                for prefix in prefixes
                for segment in concrete_segments(entry.pattern, is_endpoint=False)
            ]
            yield from walk(entry.url_patterns, child_prefixes, child_namespace)
        else:
            assert isinstance(entry, URLPattern)
            name = f"{namespace}{entry.name}" if entry.name else f"route:{entry.pattern}"
            path = next(
                (
                    "/" + prefix + segment
                    for prefix in prefixes
                    for segment in concrete_segments(entry.pattern, is_endpoint=True)
                    if resolve("/" + prefix + segment).func is entry.callback
                ),
                None,
            )
            yield name, path, entry


ENDPOINTS = list(walk(get_resolver().url_patterns))


def test_the_walk_finds_the_admin_and_the_public_pages():
    names = {name for name, _, _ in ENDPOINTS}
    assert {"admin:index", "admin:login", "admin:auth_user_changelist", "healthz"} <= names
    assert "admin:two_factor_setup" in names


def problem_for_anonymous_visitor(client, name: str, path: str | None) -> str | None:
    """What is wrong with how `path` answers a visitor who is not signed in, if anything."""
    if path is None:
        return f"Could not build a path for {name}; add a sample value."
    if name in REFUSED_IN_JSON:
        response = client.post(path, "{}", "application/json")
        if response.status_code != HTTPStatus.FORBIDDEN:
            return f"{name} ({path}) answered {response.status_code} to an anonymous post"
        return None
    response = client.get(path)
    if name in PUBLIC_URLS:
        if response.status_code >= HTTPStatus.INTERNAL_SERVER_ERROR:
            return f"{name} ({path}) failed with {response.status_code}"
        return None
    if response.status_code != HTTPStatus.FOUND or (
        urlsplit(response["Location"]).path != reverse("admin:login")
    ):
        return (
            f"{name} ({path}) answered {response.status_code} to an anonymous visitor. "
            "Protect it, or add it to PUBLIC_URLS if the public may see it."
        )
    return None


@pytest.mark.parametrize(
    ("name", "path"), [(name, path) for name, path, _ in ENDPOINTS], ids=lambda v: str(v)
)
@pytest.mark.django_db
def test_every_url_is_public_on_purpose_or_sends_visitors_to_sign_in(client, name, path):
    assert problem_for_anonymous_visitor(client, name, path) is None


@pytest.mark.urls("tests.security.urls_with_an_open_page")
@pytest.mark.django_db
def test_a_new_url_that_nobody_protected_is_caught(client):
    from tests.security import urls_with_an_open_page

    endpoints = list(walk(urls_with_an_open_page.urlpatterns))
    problems = [problem_for_anonymous_visitor(client, name, path) for name, path, _ in endpoints]
    assert [problem for problem in problems if problem] == [
        "staff_report (/staff-report/) answered 200 to an anonymous visitor. "
        "Protect it, or add it to PUBLIC_URLS if the public may see it."
    ]
