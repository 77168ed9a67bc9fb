"""
The audit trail cannot be quietly rewritten: on PostgreSQL the database itself refuses to
change or delete an entry, and on any database each entry's hash chains it to the one
before, which `manage.py verify_audit_trail` checks.
"""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from appointments.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Action = AuditEntry.Action


def write_entries(count: int = 3) -> list[AuditEntry]:
    return [
        AuditEntry.objects.create(action=Action.VIEWED_LIST, references=f"AMR-2222{n}")
        for n in range(count)
    ]


def behind_the_applications_back(sql: str, params=()) -> None:
    """What someone with database access could do; on PostgreSQL past the trigger too."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE appointments_auditentry DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE appointments_auditentry ENABLE TRIGGER USER")


def verify(*args: str) -> str:
    output = io.StringIO()
    call_command("verify_audit_trail", *args, stdout=output)
    return output.getvalue()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE appointments_auditentry SET detail = 'nothing to see' WHERE id = %s",
        "DELETE FROM appointments_auditentry WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_or_delete_an_entry(sql):
    entry = write_entries(1)[0]
    with (
        pytest.raises(DatabaseError, match="never changed or deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""


@pytest.mark.postgres
def test_the_orm_cannot_delete_entries_either():
    write_entries(2)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.count() == 2


def test_deleting_a_staff_account_leaves_its_entries_as_they_were():
    user = UserFactory(username="leaver")
    entry = AuditEntry.objects.create(user=user, username="leaver", action=Action.EXPORTED)
    user_id = user.pk
    user.delete()
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.user_id, stored.username) == (user_id, "leaver")
    assert "intact: 1 entries" in verify()


def test_an_intact_trail_verifies():
    entries = write_entries()
    assert f"intact: 3 entries. Latest hash: {entries[-1].entry_hash}" in verify()


def test_each_entry_is_chained_to_the_one_before():
    first, second, _ = write_entries()
    assert len(second.entry_hash) == 64
    assert first.entry_hash != second.entry_hash


def test_a_changed_entry_is_the_broken_link_reported():
    _, changed, _ = write_entries()
    behind_the_applications_back(
        'UPDATE appointments_auditentry SET "references" = %s WHERE id = %s',
        ["AMR-99999", changed.pk],
    )
    with pytest.raises(CommandError, match=f"broken at entry {changed.pk} ") as error:
        verify()
    assert error.value.returncode == 1


def test_a_removed_entry_breaks_the_link_after_it():
    _, removed, after = write_entries()
    behind_the_applications_back("DELETE FROM appointments_auditentry WHERE id = %s", [removed.pk])
    with pytest.raises(CommandError, match=f"broken at entry {after.pk} "):
        verify()


def test_after_old_entries_are_removed_the_chain_is_checked_from_the_last_hash_removed():
    old, kept, _ = write_entries()
    behind_the_applications_back("DELETE FROM appointments_auditentry WHERE id = %s", [old.pk])
    with pytest.raises(CommandError, match=f"broken at entry {kept.pk} "):
        verify()
    assert "intact: 2 entries" in verify("--after", old.entry_hash)
