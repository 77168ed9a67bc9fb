"""
Every index on the requests table is paid for by every patient's post, so the table keeps
only those a query uses (docs/benchmarks.md). On PostgreSQL, unique=True on a text column
adds a LIKE-pattern index beside the unique one; the model declares its unique columns as
constraints instead, and nothing here matches them by pattern.
"""

import pytest
from django.db import connection

from appointments.models import AppointmentRequest

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def index_definitions() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s",
            [AppointmentRequest._meta.db_table],
        )
        return dict(cursor.fetchall())


def test_no_pattern_index_is_kept_for_the_unique_columns():
    patterned = {
        name: definition
        for name, definition in index_definitions().items()
        if "varchar_pattern_ops" in definition
    }
    assert patterned == {}


def test_each_unique_column_has_exactly_one_index():
    definitions = index_definitions().values()
    for column in ("reference", "submission_token", "confirmation_token"):
        on_column = [d for d in definitions if d.endswith(f"({column})")]
        assert len(on_column) == 1, on_column
        assert on_column[0].startswith("CREATE UNIQUE INDEX")
