"""
Enrolment by invitation: a password alone never lets anyone set up a second factor.

Whoever creates an account (or re-invites one after a lost device) gets a one-time link,
shown once. Opening it marks the browser's session; the enrolment page opens only for a
session whose invitation is for the signed-in account, unused and unexpired, and setting
up the first sign-in method uses it up.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django_otp import devices_for_user
from django_otp import login as verify_session
from django_otp.models import Device

from appointments.models import AuditEntry
from appointments.services import record_audit
from staff.models import EnrolmentInvitation
from staff.notices import notify_sign_in_method_change

SESSION_KEY = "staff_enrolment_invitation"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("admin:staff_invitation", args=[token])


@transaction.atomic
def invite(user, *, by=None, remove_devices: bool = False) -> str:
    """
    A new invitation for `user`, voiding any earlier unused one; returns the link, which
    is not stored anywhere. `remove_devices` is the lost-device case: the old sign-in
    methods go, so the account can sign in again only through the new invitation.
    """
    if remove_devices:
        removed = 0
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            removed += 1
        if removed:
            notify_sign_in_method_change(user, "removed")
    EnrolmentInvitation.objects.filter(user=user, used_at__isnull=True).delete()
    token = secrets.token_urlsafe(32)
    EnrolmentInvitation.objects.create(
        user=user,
        token_hash=hash_token(token),
        expires_at=timezone.now() + settings.STAFF_INVITATION_LIFETIME,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    detail = f"for {user.get_username()}" + (", sign-in methods removed" if remove_devices else "")
    record_audit(user=by, action=AuditEntry.Action.INVITED, detail=detail)
    return invitation_url(token)


def find_invitation(token: str) -> EnrolmentInvitation | None:
    invitation = EnrolmentInvitation.objects.filter(token_hash=hash_token(token)).first()
    return invitation if invitation is not None and invitation.is_usable() else None


def remember_invitation(request: HttpRequest, invitation: EnrolmentInvitation) -> None:
    request.session[SESSION_KEY] = invitation.pk


def session_invitation(request: HttpRequest) -> EnrolmentInvitation | None:
    """The session's invitation, if it is usable and for the account signed in."""
    pk = request.session.get(SESSION_KEY)
    if pk is None or not request.user.is_authenticated:
        return None
    invitation = EnrolmentInvitation.objects.filter(pk=pk, user=request.user).first()
    return invitation if invitation is not None and invitation.is_usable() else None


def record_sign_in_method_added(user, device: Device, change: str) -> None:
    """A new sign-in method, first or not: audited, and emailed to its owner."""
    record_audit(user=user, action=AuditEntry.Action.ENROLLED, detail=device.name)
    notify_sign_in_method_change(user, change)


def finish_enrolment(
    request: HttpRequest, invitation: EnrolmentInvitation, device: Device, change: str
) -> None:
    """
    The account's first sign-in method (`device`, confirmed) is set up: the invitation is
    used up, the change audited and emailed (`change` names it, staff/notices.py), and the
    session verified by the new method. Called inside the transaction that confirmed it.
    """
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    request.session.pop(SESSION_KEY, None)
    record_sign_in_method_added(request.user, device, change)
    # The session gains privileges here, so it gets a new key, as at sign-in.
    request.session.cycle_key()
    verify_session(request, device)
