"""
The W3C Nu Html Checker (vnu.jar, from the vnu-jar npm package, run on Java) finds no error
in any page we serve: every public page in English and Spanish, the request form with its
error summary, the confirmation page, the error pages and the outage pages, and the staff
pages each role sees. Invalid HTML is where screen readers and browsers start to disagree,
so it is checked like any other defect. All pages are saved first and checked in one run,
because starting Java costs seconds and checking costs milliseconds.
"""

import json
import shutil
import subprocess
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client, RequestFactory

from appointments.roles import ROLES
from clinic import views as error_views
from clinic.last_resort import last_resort_page
from tests.appointments.answers import URL as FORM_URL
from tests.appointments.answers import valid_answers
from tests.conftest import sign_in_with_second_factor
from tests.factories import AppointmentRequestFactory, StaffFactory
from tests.security.pages import STAFF_PATHS, load_site_content, public_paths

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
NOT_HTML = ("/sitemap.xml", "/robots.txt", "/healthz")


def html_pages(client: Client, paths: list[str]) -> dict[str, bytes]:
    pages = {}
    for path in paths:
        response = client.get(path)
        if response.get("Content-Type", "").startswith("text/html"):
            pages[path] = response.content
    return pages


def public_pages() -> dict[str, bytes]:
    client = Client(raise_request_exception=False)
    pages = html_pages(client, [path for path in public_paths() if path not in NOT_HTML])
    for prefix in ("", "/es"):
        empty_form = client.post(prefix + FORM_URL, {})
        assert empty_form.status_code == HTTPStatus.OK
        pages[f"{prefix}{FORM_URL} with errors"] = empty_form.content
        sent = client.post(prefix + FORM_URL, valid_answers(), follow=True)
        assert sent.redirect_chain, "a valid request should redirect to its confirmation"
        pages[f"{prefix} confirmation"] = sent.content
    return pages


def error_pages() -> dict[str, bytes]:
    request = RequestFactory().get("/")
    pages = {
        "400 page": error_views.bad_request(request, ValueError()).content,
        "403 page": error_views.permission_denied(request, PermissionError()).content,
        "CSRF page": error_views.csrf_failure(request).content,
        "last-resort page": last_resort_page(),
    }
    # The handler picks its page from the exception being handled, as Django calls it.
    for name, error in (("500 page", ValueError()), ("503 page", OperationalError())):
        try:
            raise error
        except Exception:
            pages[name] = error_views.server_error(request).content
    return pages


def staff_pages() -> dict[str, bytes]:
    request = AppointmentRequestFactory(email="dana@example.org", notes="Mornings are best.")
    pages = html_pages(Client(), ["/admin/login/"])
    for role in ROLES:
        client = sign_in_with_second_factor(Client(), StaffFactory(role=role))
        paths = [*STAFF_PATHS, f"/admin/appointments/appointmentrequest/{request.pk}/change/"]
        for path, html in html_pages(client, paths).items():
            pages[f"{path} as {role}"] = html
    return pages


def signoff_pages() -> dict[str, bytes]:
    """A draft of a shipped page, submitted: its page, its previews and the page's history."""
    from content import signoff
    from content.models import Page

    page = Page.objects.get(slug="crps")
    editor = StaffFactory(role="Content editor")
    values = {"body_en": "A new first paragraph.\n\n" + page.body_en}
    draft = signoff.submit(signoff.save_draft(page, values, [], editor), editor)
    client = sign_in_with_second_factor(Client(), StaffFactory(role="Clinician"))
    draft_path = f"/admin/content/page/drafts/{draft.pk}/"
    paths = [
        "/admin/",
        draft_path,
        draft_path + "preview/en/",
        draft_path + "preview/es/",
        f"/admin/content/page/{page.pk}/history/",
    ]
    return {f"{path} in sign-off": html for path, html in html_pages(client, paths).items()}


def vnu_errors(pages: dict[str, bytes], folder: Path) -> list[str]:
    files = {}
    for number, (name, html) in enumerate(pages.items()):
        file = folder / f"page-{number}.html"
        file.write_bytes(html)
        files[f"file:{file}"] = name  # the checker names each file by this address
    checked = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--errors-only",
            *map(str, folder.iterdir()),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(checked.stderr)["messages"]
    assert bool(messages) == bool(checked.returncode), checked.stderr
    return [
        f"{files.get(message.get('url'), message.get('url'))}, line {message.get('lastLine')}: "
        f"{message['message']} [{message.get('extract', '').strip()}]"
        for message in messages
    ]


def test_the_checker_is_installed():
    # A missing checker is a failure, never a skip: CI must not pass by checking nothing.
    assert shutil.which("java"), "install a Java runtime: apt-get install default-jre-headless"
    assert VNU_JAR.is_file(), "run npm ci: the vnu-jar package is a devDependency"


def test_the_checker_reports_an_error_it_is_given(tmp_path):
    assert vnu_errors({"broken": b"<!DOCTYPE html><title>x</title><p><div></p>"}, tmp_path)


@pytest.mark.django_db
def test_every_page_we_serve_is_valid_html(tmp_path, settings):
    settings.APPOINTMENT_MIN_FILL_SECONDS = 0  # the test posts at machine speed
    load_site_content()
    pages = public_pages() | error_pages() | staff_pages() | signoff_pages()
    assert len(pages) > 40, sorted(pages)
    errors = vnu_errors(pages, tmp_path)
    assert not errors, "\n".join(errors)
