"""
The staff roles, as Django groups, and exactly the permissions each one has. docs/triage.md
describes them; tests/appointments/triage/test_role_matrix.py checks
them against every admin URL.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

REQUESTS_READ = [
    ("appointments", "view_appointmentrequest"),
    ("appointments", "view_contactattempt"),
    ("appointments", "view_internalnote"),
    ("appointments", "view_statuschange"),
    ("appointments", "add_internalnote"),
]
FRONT_DESK = [
    *REQUESTS_READ,
    ("appointments", "change_appointmentrequest"),
    ("appointments", "export_appointmentrequest"),
    ("appointments", "add_contactattempt"),
]
ROLES: dict[str, list[tuple[str, str]]] = {
    "Front desk": FRONT_DESK,
    "Clinician": REQUESTS_READ,
    "Content editor": [
        ("content", "view_page"),
        ("content", "add_page"),
        ("content", "change_page"),
        ("content", "delete_page"),
        ("content", "view_historicalpage"),
        ("content", "view_reference"),
        ("content", "add_reference"),
        ("content", "change_reference"),
        ("content", "delete_reference"),
        ("content", "view_clinicprofile"),
        ("content", "change_clinicprofile"),
    ],
    "Practice manager": [
        *FRONT_DESK,
        ("appointments", "delete_appointmentrequest"),
        ("appointments", "purge_appointmentrequest"),
        ("appointments", "view_auditentry"),
        ("appointments", "view_alertsubscription"),
        # Staff access (staff/admin.py): invite, re-invite after a lost device, deactivate,
        # clear a lockout. Not permissions, roles' contents or the superuser flag.
        ("auth", "view_user"),
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("otp_totp", "view_totpdevice"),
        ("axes", "view_accessattempt"),
        ("axes", "delete_accessattempt"),
        # The clinic's calendar (content/calendar.py): opening hours and closed days.
        ("content", "view_openinghours"),
        ("content", "change_openinghours"),
        ("content", "view_closedday"),
        ("content", "add_closedday"),
        ("content", "change_closedday"),
        ("content", "delete_closedday"),
    ],
}


# Clinical sign-off of content (content/signoff.py, docs/content-editing.md): editors draft,
# submit and publish information pages; clinicians preview, compare and approve health
# pages; a practice manager may publish in an emergency. Kept apart from the lists above.
CONTENT_SIGNOFF: dict[str, list[tuple[str, str]]] = {
    "Content editor": [
        ("content", "view_pagedraft"),
        ("content", "publish_information_page"),
    ],
    "Clinician": [
        ("content", "view_page"),
        ("content", "view_historicalpage"),
        ("content", "view_reference"),
        ("content", "view_pagedraft"),
        ("content", "approve_clinical_page"),
    ],
    "Practice manager": [
        ("content", "view_page"),
        ("content", "view_historicalpage"),
        ("content", "view_pagedraft"),
        ("content", "emergency_publish_page"),
    ],
}
for _role, _codenames in CONTENT_SIGNOFF.items():
    ROLES[_role] = [*ROLES[_role], *_codenames]


def sync_roles(group_model, permission_model, *, using: str = "default") -> None:
    """Create each role and set its permissions to exactly the list above."""
    for name, codenames in ROLES.items():
        group, _ = group_model.objects.using(using).get_or_create(name=name)
        wanted = Q()
        for app, codename in codenames:
            wanted |= Q(content_type__app_label=app, codename=codename)
        group.permissions.set(permission_model.objects.using(using).filter(wanted))


def sync_roles_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """
    Keep the roles after every `migrate` and after a test database is flushed (both send
    post_migrate), the way Django keeps its permissions.
    """
    sync_roles(Group, Permission, using=using)
