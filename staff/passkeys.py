"""
Passkeys (WebAuthn, django-otp-webauthn) as the preferred second factor: a key pair held
by the staff member's computer or phone, bound to this site's origin, so a look-alike site
cannot replay it the way it can relay a typed code.

The package's endpoints are used through the subclasses here, never its own URLconf:

- registering a passkey needs what enrolment needs (clinic/admin.py): the account's
  invitation in this session, or a session already verified with an existing sign-in
  method. The package alone lets any signed-in account without a device register one, so
  a password-only session could enrol its own key.
- signing in with a passkey is a full sign-in (the key's user verification is the second
  factor), for active staff accounts only.
"""

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions, views
from django_otp_webauthn.models import AbstractWebAuthnCredential
from django_otp_webauthn.utils import rewrite_exceptions

from clinic.two_factor import has_authenticator
from staff import invitations

# The package's template tags and scripts reverse these names.
URL_NAMESPACE = "otp_webauthn"


class InvitationRequired(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "invitation_required"
    default_detail = (
        "Setting up a sign-in method needs your invitation link. Ask the practice manager "
        "for a new one."
    )


class NotStaff(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "not_staff"
    default_detail = "This account cannot sign in to the staff pages."


class InvitationGuard:
    """Registration only with the account's invitation, or from a verified session."""

    request: HttpRequest

    def check_can_register(self) -> None:
        user = self.request.user
        if not (user.is_active and user.is_staff):
            raise NotStaff()
        # With a sign-in method already set up, the package has refused an unverified
        # session before this point (RegistrationCeremonyMixin._check_user_verified).
        if has_authenticator(user):
            return
        if invitations.session_invitation(self.request) is None:
            raise InvitationRequired()


class BeginRegistration(InvitationGuard, views.BeginCredentialRegistrationView):
    pass


class CompleteRegistration(InvitationGuard, views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        user = self.request.user
        invitation = invitations.session_invitation(self.request)
        state = self.get_state()
        logger = views._get_pywebauthn_logger()
        with rewrite_exceptions(logger=logger), transaction.atomic():
            device = self.get_helper().register_complete(
                user=user,
                state=state,
                data=self.request.data,  # type: ignore[attr-defined]  # parsed by the package
            )
            if invitation is not None:
                invitations.finish_enrolment(self.request, invitation, device, "added_passkey")
            else:  # another passkey, from a session already verified
                invitations.record_sign_in_method_added(user, device, "added_passkey")
        return JsonResponse({"id": device.pk})


class CompleteAuthentication(views.CompleteCredentialAuthenticationView):
    def check_device_usable(self, device: AbstractWebAuthnCredential) -> None:
        super().check_device_usable(device)
        if not device.user.is_staff:
            raise NotStaff()


urlpatterns = [
    path(
        "registration/begin/",
        BeginRegistration.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        CompleteRegistration.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        views.BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        CompleteAuthentication.as_view(),
        name="credential-authentication-complete",
    ),
    # The scripts' messages ("Registering...", "Passkey verification failed"), in English.
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
