"""
Recovery codes: ten one-time codes (django-otp's static device) for a staff member whose
phone is lost or flat. Shown once, when made; each works once; making new ones voids the
old. Every use and every renewal is in the audit trail and emailed to the staff member.
"""

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from appointments.models import AuditEntry
from appointments.services import record_audit
from staff.notices import notify_sign_in_method_change

RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "Recovery codes"


def normalise_recovery_code(value: str) -> str:
    # Shown as "abcd efgh"; typed in any case, with or without the space or a hyphen.
    return "".join(value.split()).replace("-", "").lower()


def display(code: str) -> str:
    return f"{code[:4]} {code[4:]}"


@transaction.atomic
def make_recovery_codes(user, *, renewed: bool = False) -> list[str]:
    """Ten new codes for `user`, replacing any earlier ones; returned for showing once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    if renewed:
        record_audit(user=user, action=AuditEntry.Action.RENEWED_RECOVERY_CODES)
        notify_sign_in_method_change(user, "recovery_codes_renewed")
    return [display(code) for code in codes]


def codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def use_recovery_code(user, code: str) -> StaticDevice | None:
    """The recovery device if `code` is one of the account's unused codes (now used up)."""
    code = normalise_recovery_code(code)
    with transaction.atomic():
        for device in StaticDevice.objects.filter(user=user, confirmed=True):
            allowed, _ = device.verify_is_allowed()
            if allowed and device.verify_token(code):
                record_audit(
                    user=user,
                    action=AuditEntry.Action.USED_RECOVERY_CODE,
                    detail=f"{codes_left(user)} recovery codes left",
                )
                notify_sign_in_method_change(user, "recovery_code_used")
                return device
    return None
