"""
"A sign-in method was added, removed or used" emails to the staff member, so someone who
did not do it finds out. No patient data: the account, the change and the time only.
"""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from appointments.tasks import SEND_ERRORS, build_email

logger = logging.getLogger(__name__)

# What happened, as the email's sentence.
CHANGES = {
    "added": _("A new sign-in method (an authenticator app) was added to your account."),
    "added_passkey": _("A new sign-in method (a passkey) was added to your account."),
    "removed": _("The sign-in methods of your account were removed, so it can be set up again."),
    "recovery_code_used": _("One of your recovery codes was used to sign in."),
    "recovery_codes_renewed": _("New recovery codes were made; the old ones no longer work."),
}


@task()
def send_sign_in_method_notice(user_id: int, change: str) -> str:
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or not user.email:
        return "no address"
    context = {"username": user.get_username(), "change": str(CHANGES[change])}
    try:
        build_email("sign-in-method-changed", context, [user.email]).send()
    except SEND_ERRORS as error:
        # The change is already made and audited; a lost notice is logged, not retried.
        logger.warning(
            "Could not send a sign-in method notice to user id=%s (%s)",
            user_id,
            type(error).__name__,
        )
        return "not sent"
    return "sent"


def notify_sign_in_method_change(user, change: str) -> None:
    if change not in CHANGES:
        raise ValueError(change)
    if not user.email:
        return
    transaction.on_commit(lambda: send_sign_in_method_notice.enqueue(user.pk, change))
