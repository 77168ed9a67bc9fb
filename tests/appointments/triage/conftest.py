"""Personas and helpers shared by the triage tests: one signed-in client per role."""

import pytest

CHANGELIST = "/admin/appointments/appointmentrequest/"
INLINE_PREFIXES = ("contact_attempts", "internal_notes")


def change_url(request) -> str:
    return f"{CHANGELIST}{request.pk}/change/"


def change_form_data(request, **fields) -> dict:
    """
    What the request page posts when staff press Save: the triage fields as they are,
    with `fields` changed, and empty inline forms unless the caller adds some.
    """
    scheduled = request.scheduled_for
    data = {
        "status": request.status,
        "priority": request.priority,
        "assigned_to": request.assigned_to_id or "",
        "scheduled_for_0": scheduled.strftime("%Y-%m-%d") if scheduled else "",
        "scheduled_for_1": scheduled.strftime("%H:%M") if scheduled else "",
    }
    for prefix in INLINE_PREFIXES:
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    data |= fields
    return data


def action_data(action: str, *requests) -> dict:
    return {"action": action, "index": "0", "_selected_action": [r.pk for r in requests]}


@pytest.fixture
def front_desk(sign_in):
    return sign_in("Front desk")


@pytest.fixture
def clinician(sign_in):
    return sign_in("Clinician")


@pytest.fixture
def practice_manager(sign_in):
    return sign_in("Practice manager")
