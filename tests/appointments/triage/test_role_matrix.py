"""
Least privilege: every admin URL of the triage models, for every role, gives exactly what
the role needs (SECURITY.md: "front desk cannot delete, manage users or edit content").
Anyone signed out is sent to the sign-in page.
"""

from http import HTTPStatus

import pytest

from appointments.models import AuditEntry
from tests.factories import AppointmentRequestFactory

from .conftest import CHANGELIST, action_data

pytestmark = pytest.mark.django_db

OK, NO = HTTPStatus.OK, HTTPStatus.FORBIDDEN
ROLES = ("Front desk", "Clinician", "Content editor", "Practice manager")
AUDIT = "/admin/appointments/auditentry/"

# URL (with {request} and {entry} ids), HTTP method, action posted (if any), then the
# status for Front desk, Clinician, Content editor and Practice manager.
MATRIX = [
    ("request list", CHANGELIST, None, (OK, OK, NO, OK)),
    ("request add", CHANGELIST + "add/", None, (NO, NO, NO, NO)),
    ("request page", CHANGELIST + "{request}/change/", None, (OK, OK, NO, OK)),
    ("request delete", CHANGELIST + "{request}/delete/", None, (NO, NO, NO, OK)),
    ("request history", CHANGELIST + "{request}/history/", None, (OK, OK, NO, OK)),
    ("CSV export", CHANGELIST, "export_csv", (OK, NO, NO, OK)),
    ("mark spam", CHANGELIST, "mark_spam", (HTTPStatus.FOUND, NO, NO, HTTPStatus.FOUND)),
    ("delete selected", CHANGELIST, "delete_selected", (NO, NO, NO, OK)),
    ("audit list", AUDIT, None, (NO, NO, NO, OK)),
    ("audit add", AUDIT + "add/", None, (NO, NO, NO, NO)),
    ("audit entry", AUDIT + "{entry}/change/", None, (NO, NO, NO, OK)),
    ("audit delete", AUDIT + "{entry}/delete/", None, (NO, NO, NO, NO)),
    ("audit history", AUDIT + "{entry}/history/", None, (NO, NO, NO, OK)),
    ("staff accounts", "/admin/auth/user/", None, (NO, NO, NO, NO)),
    ("roles", "/admin/auth/group/", None, (NO, NO, NO, NO)),
    ("content pages", "/admin/content/page/", None, (NO, OK, OK, OK)),
    ("references", "/admin/content/reference/", None, (NO, OK, OK, NO)),
    ("add a reference", "/admin/content/reference/add/", None, (NO, NO, OK, NO)),
    ("clinic profile", "/admin/content/clinicprofile/1/change/", None, (NO, NO, OK, NO)),
]


def visit(client, url: str, action: str | None):
    request = AppointmentRequestFactory()
    entry = AuditEntry.objects.create(action=AuditEntry.Action.VIEWED_LIST)
    url = url.format(request=request.pk, entry=entry.pk)
    if action:
        return client.post(url, action_data(action, request))
    return client.get(url)


@pytest.fixture(autouse=True)
def clinic_profile():
    from content.models import ClinicProfile

    ClinicProfile.load()


@pytest.mark.parametrize(("name", "url", "action", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_its_permissions(sign_in, role, name, url, action, expected):
    client = sign_in(role)
    response = visit(client, url, action)
    assert response.status_code == expected[ROLES.index(role)]


@pytest.mark.parametrize(("name", "url", "action", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_signed_out_visitors_are_sent_to_sign_in(client, name, url, action, expected):
    response = visit(client, url, action)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/admin/login/")


def test_the_export_answers_with_a_csv_file_for_the_front_desk(front_desk):
    response = visit(front_desk, CHANGELIST, "export_csv")
    assert response["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize(
    "url", [CHANGELIST + "add/", AUDIT + "add/", AUDIT + "{entry}/delete/"], ids=str
)
def test_not_even_a_superuser_adds_requests_or_touches_the_audit_trail(sign_in, url):
    client = sign_in(superuser=True)
    assert visit(client, url, None).status_code == HTTPStatus.FORBIDDEN


def test_a_superuser_cannot_change_an_audit_entry(sign_in):
    client = sign_in(superuser=True)
    entry = AuditEntry.objects.create(action=AuditEntry.Action.EXPORTED, references="AMR-XXXXX")
    response = client.post(f"{AUDIT}{entry.pk}/change/", {"references": "", "detail": "gone"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    entry.refresh_from_db()
    assert entry.references == "AMR-XXXXX"
