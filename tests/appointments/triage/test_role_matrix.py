"""
Least privilege: every admin URL of the triage models, for every role, gives exactly what
the role needs (SECURITY.md: "front desk cannot delete, manage users or edit content").
Anyone signed out is sent to the sign-in page.
"""

from http import HTTPStatus

import pytest
from axes.models import AccessAttempt

from appointments.models import AuditEntry
from content.models import OpeningHours
from tests.factories import AppointmentRequestFactory, UserFactory

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
    ("print sheet", CHANGELIST + "{request}/print/", None, (OK, OK, NO, OK)),
    ("assign to a colleague", CHANGELIST, "assign_to_colleague", (OK, NO, NO, OK)),
    ("set priority", CHANGELIST, "set_priority", (OK, NO, NO, OK)),
    ("own email alerts", "/admin/appointments/alertsubscription/mine/", None, (OK, OK, NO, OK)),
    ("who gets alerts", "/admin/appointments/alertsubscription/", None, (NO, NO, NO, OK)),
    ("mark spam", CHANGELIST, "mark_spam", (HTTPStatus.FOUND, NO, NO, HTTPStatus.FOUND)),
    ("delete selected", CHANGELIST, "delete_selected", (NO, NO, NO, OK)),
    ("audit list", AUDIT, None, (NO, NO, NO, OK)),
    ("audit add", AUDIT + "add/", None, (NO, NO, NO, NO)),
    ("audit entry", AUDIT + "{entry}/change/", None, (NO, NO, NO, OK)),
    ("audit delete", AUDIT + "{entry}/delete/", None, (NO, NO, NO, NO)),
    ("audit history", AUDIT + "{entry}/history/", None, (NO, NO, NO, OK)),
    # Staff access is the practice manager's (staff/admin.py); roles' contents are not.
    ("staff accounts", "/admin/auth/user/", None, (NO, NO, NO, OK)),
    ("add a staff account", "/admin/auth/user/add/", None, (NO, NO, NO, OK)),
    ("a staff account", "/admin/auth/user/{staff}/change/", None, (NO, NO, NO, OK)),
    ("delete a staff account", "/admin/auth/user/{staff}/delete/", None, (NO, NO, NO, NO)),
    ("sign-in devices", "/admin/otp_totp/totpdevice/", None, (NO, NO, NO, OK)),
    ("lockouts", "/admin/axes/accessattempt/", None, (NO, NO, NO, OK)),
    ("clear a lockout", "/admin/axes/accessattempt/{attempt}/delete/", None, (NO, NO, NO, OK)),
    ("add a role", "/admin/auth/group/add/", None, (NO, NO, NO, NO)),
    ("roles", "/admin/auth/group/", None, (NO, NO, NO, NO)),
    ("content pages", "/admin/content/page/", None, (NO, OK, OK, OK)),
    ("references", "/admin/content/reference/", None, (NO, OK, OK, NO)),
    ("add a reference", "/admin/content/reference/add/", None, (NO, NO, OK, NO)),
    ("clinic profile", "/admin/content/clinicprofile/1/change/", None, (NO, NO, OK, NO)),
    # The clinic's calendar (content/calendar.py) is the practice manager's.
    ("opening hours", "/admin/content/openinghours/", None, (NO, NO, NO, OK)),
    (
        "a day's opening hours",
        "/admin/content/openinghours/{monday}/change/",
        None,
        (NO, NO, NO, OK),
    ),
    ("closed days", "/admin/content/closedday/", None, (NO, NO, NO, OK)),
    ("add a closed day", "/admin/content/closedday/add/", None, (NO, NO, NO, OK)),
]


def visit(client, url: str, action: str | None):
    request = AppointmentRequestFactory()
    entry = AuditEntry.objects.create(action=AuditEntry.Action.VIEWED_LIST)
    staff = UserFactory(username="colleague")
    attempt = AccessAttempt.objects.create(
        username="colleague", ip_address="203.0.113.9", failures_since_start=5
    )
    monday = OpeningHours.objects.get(weekday=0)
    url = url.format(
        request=request.pk, entry=entry.pk, staff=staff.pk, attempt=attempt.pk, monday=monday.pk
    )
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
