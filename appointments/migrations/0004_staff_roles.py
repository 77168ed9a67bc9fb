"""
The staff roles, as groups. Each gets exactly the permissions its work needs; README.md
("Triage (staff)") describes them. Re-running this sets every role's permissions to the
list below, so the list here is the single truth.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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
ROLES = {
    "Front desk": FRONT_DESK,
    "Clinician": REQUESTS_READ,
    "Content editor": [
        ("content", "view_page"),
        ("content", "add_page"),
        ("content", "change_page"),
        ("content", "delete_page"),
        ("content", "view_historicalpage"),
        ("content", "view_clinicprofile"),
        ("content", "change_clinicprofile"),
    ],
    "Practice manager": [
        *FRONT_DESK,
        ("appointments", "delete_appointmentrequest"),
        ("appointments", "purge_appointmentrequest"),
        ("appointments", "view_auditentry"),
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the roles need
    # them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in codenames
        ]
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0003_contact_due_for_existing_requests"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("content", "0002_page"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
