"""
On PostgreSQL the admin's search is served by indexes (migration 0007), so it costs the
same at a million requests as at a thousand (docs/benchmarks.md). Each search term is
checked against the plan of the query the admin itself builds.
"""

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory

from appointments.models import AppointmentRequest
from tests.factories import AppointmentRequestFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def plan_of_search(user, words: str) -> str:
    model_admin = admin.site._registry[AppointmentRequest]
    request = RequestFactory().get("/")
    request.user = user
    queryset, _ = model_admin.get_search_results(request, model_admin.get_queryset(request), words)
    # The table here holds a few rows, where a sequential scan is cheapest; the planner
    # is told to avoid one, so the plan shows which indexes serve the search's conditions
    # (without the list's order, which an index of its own serves, walking every row).
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.order_by().values("pk").explain()


@pytest.mark.parametrize(
    ("words", "index"),
    [
        ("rivers", "appointment_name_trgm"),
        ("amr-t0001", "appointment_reference_prefix"),
        ("dana@example.org", "appointment_email_upper"),
        ("570.555.0142", "appointment_phone_created"),
    ],
)
def test_each_kind_of_search_uses_an_index(front_desk, words, index):
    AppointmentRequestFactory.create_batch(3)
    plan = plan_of_search(front_desk.user, words)
    assert index in plan
    assert "Seq Scan" not in plan
