"""
Indexes for the admin's search box on PostgreSQL (docs/benchmarks.md has the figures).

Django's admin search turns each word into `UPPER(column) LIKE UPPER('%word%')` for a name,
`LIKE 'WORD%'` for a reference and `UPPER(email) = UPPER('word')` for an email, joined by
OR; a phone number becomes `phone = '+1...'`, which appointment_phone_created already
serves. Without these, every search read the whole table (190 to 330 ms at 100,000
requests). A trigram index (pg_trgm, a trusted extension that the database owner may
create) serves LIKE with a leading wildcard, and so the name; a text_pattern_ops index
serves the reference's LIKE by its start; a plain expression index the email. SQLite, the development default, has no such indexes and needs none at
its size.

Built CONCURRENTLY, so a live clinic's table stays writable while they build: the
migration is not atomic for that reason.
"""

from django.db import migrations

INDEXES = {
    "appointment_name_trgm": "USING gin (UPPER(full_name) gin_trgm_ops)",
    "appointment_reference_prefix": "(UPPER(reference) text_pattern_ops)",
    "appointment_email_upper": "(UPPER(email))",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} "
            f"ON appointments_appointmentrequest {definition}"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("appointments", "0006_audit_trail_tamper_evidence")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
