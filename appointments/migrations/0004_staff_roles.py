"""
The staff roles, as groups, with their permissions as this migration froze them. A
migration must not import live code, which changes after it; appointments/roles.py keeps
the roles current after every `migrate` (post_migrate).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
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

    using = schema_editor.connection.alias
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = group_model.objects.using(using).get_or_create(name=name)
        wanted = Q()
        for app, codename in codenames:
            wanted |= Q(content_type__app_label=app, codename=codename)
        group.permissions.set(permission_model.objects.using(using).filter(wanted))


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
