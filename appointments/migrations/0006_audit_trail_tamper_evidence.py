"""
The audit trail becomes tamper-evident: each entry carries a hash chained to the one
before it (appointments.models.audit_hash; `manage.py verify_audit_trail` checks it), and
on PostgreSQL a trigger refuses any UPDATE or DELETE of an entry, whoever asks.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

REFUSE_CHANGES = """
CREATE FUNCTION appointments_auditentry_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Audit entries are never changed or deleted (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER appointments_auditentry_append_only
    BEFORE UPDATE OR DELETE ON appointments_auditentry
    FOR EACH ROW EXECUTE FUNCTION appointments_auditentry_refuse_change();
"""

ALLOW_CHANGES = """
DROP TRIGGER appointments_auditentry_append_only ON appointments_auditentry;
DROP FUNCTION appointments_auditentry_refuse_change();
"""


def chain_existing_entries(apps, schema_editor):
    from appointments.models import audit_hash

    AuditEntry = apps.get_model("appointments", "AuditEntry")
    previous = ""
    for entry in AuditEntry.objects.order_by("pk").iterator():
        entry.entry_hash = previous = audit_hash(entry, previous)
        entry.save(update_fields=["entry_hash"])


def refuse_changes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REFUSE_CHANGES, params=None)


def allow_changes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_CHANGES, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0005_request_language_choices"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="user",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="entry_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_entries, migrations.RunPython.noop),
        migrations.RunPython(refuse_changes, allow_changes),
    ]
