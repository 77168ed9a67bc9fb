"""
Two-factor sign-in for staff: a passkey (staff/passkeys.py), or a time-based code (TOTP,
django-otp) from an authenticator app on top of the password.

The sign-in page asks for username, password and, once the account has an authenticator
app, its current code. An account without one is signed in with its password alone but
stays unverified: the admin refuses it every page except enrolment, which opens only
through the account's invitation link (staff/invitations.py), shows a QR code and the
secret, and verifies the session only when the app's first code is confirmed. A recovery
code (staff/recovery.py) can stand in for the app's code, once.
"""

from base64 import b32encode
from xml.etree import ElementTree

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff.recovery import use_recovery_code

CODE_WIDGET_ATTRS = {
    "autocomplete": "one-time-code",
    "inputmode": "numeric",
    "pattern": "[0-9 ]*",
    "maxlength": "7",
}


def normalise_code(value: str) -> str:
    # Authenticator apps show the code as "123 456"; people type it either way.
    return "".join(value.split())


def two_factor_required() -> bool:
    return settings.OTP_REQUIRED


def is_verified(user) -> bool:
    """
    Whether this session passed the second factor. OTPMiddleware gives request.user an
    `otp_device` (None until verified); a user signed in during this very request has the
    attribute only if the sign-in form verified a code.
    """
    return getattr(user, "otp_device", None) is not None


def has_authenticator(user) -> bool:
    """Any sign-in method: a passkey, an authenticator app, recovery codes."""
    return any(True for _ in devices_for_user(user, confirmed=True))


def has_authenticator_app(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class StaffAuthenticationForm(AdminAuthenticationForm):
    """The admin's sign-in form, plus the authenticator code when the account has one."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "code_required": "Enter the 6-digit code from your authenticator app.",
        "passkey_required": "Your account signs in with a passkey: select Use a passkey above "
        "to sign in with your passkey, or use one of your recovery codes.",
        "invalid_code": "That code did not work. Codes change every 30 seconds and work "
        "only once; wait for a new one and try again.",
        "invalid_recovery_code": "That recovery code did not work. Each one works only once; "
        "check it, or try another of your codes.",
    }

    otp_token = forms.CharField(
        label="Authenticator code",
        required=False,
        max_length=7,
        strip=True,
        widget=forms.TextInput(attrs=CODE_WIDGET_ATTRS),
        help_text="Leave empty only if you have not set up an authenticator app yet.",
    )
    recovery_code = forms.CharField(
        label="Recovery code",
        required=False,
        max_length=20,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="Lost your phone? One of the recovery codes you saved works instead, once.",
    )

    def clean(self):
        cleaned_data = super().clean()
        if two_factor_required() and self.user_cache is not None:
            self.check_code(
                self.user_cache,
                normalise_code(cleaned_data.get("otp_token", "")),
                cleaned_data.get("recovery_code", ""),
            )
        return cleaned_data

    def check_code(self, user, code: str, recovery_code: str = "") -> None:
        if not has_authenticator(user):
            return  # Signed in unverified; the admin sends them to enrolment.
        if recovery_code and not code:
            device = use_recovery_code(user, recovery_code)
            if device is not None:
                user.otp_device = device
                return
            self.refuse(user, "invalid_recovery_code")
        if not code:
            reason = "code_required" if has_authenticator_app(user) else "passkey_required"
            raise forms.ValidationError(self.error_messages[reason], code=reason)
        with transaction.atomic():
            for device in devices_for_user(user, confirmed=True, for_verify=True):
                allowed, _ = device.verify_is_allowed()
                # verify_token() refuses a code whose time step is not after the last
                # accepted one (TOTPDevice.last_t), so each code works once.
                if allowed and device.verify_token(code):
                    # django_otp's user_logged_in handler marks the session verified.
                    user.otp_device = device
                    return
        self.refuse(user)

    def refuse(self, user, reason: str = "invalid_code") -> None:
        # A wrong code counts as a failed sign-in, so django-axes locks out guessing of
        # codes as it does guessing of passwords.
        user_login_failed.send(
            sender=__name__,
            credentials={"username": self.cleaned_data.get("username")},
            request=self.request,
        )
        raise forms.ValidationError(self.error_messages[reason], code=reason)


class ConfirmAuthenticatorForm(forms.Form):
    otp_token = forms.CharField(
        label="Code from your authenticator app",
        max_length=7,
        strip=True,
        widget=forms.TextInput(attrs=CODE_WIDGET_ATTRS),
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self) -> str:
        code = normalise_code(self.cleaned_data["otp_token"])
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                "That code did not work. Check that your phone's clock is right, wait for "
                "a new code and try again."
            )
        return code


def pending_device(user) -> TOTPDevice:
    """The account's unconfirmed authenticator, the same one on every visit until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def secret_for_manual_entry(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """
    The authenticator's setup link as inline SVG markup: no image file, no Pillow, and no
    data: URL, so the Content-Security-Policy needs nothing extra for it.
    """
    image = qrcode.make(
        device.config_url,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        box_size=16,
        border=4,
    )
    svg: ElementTree.Element = image.get_image()
    svg.set("role", "img")
    svg.set("aria-label", "QR code to scan with your authenticator app")
    svg.set("class", "two-factor-qr")
    # The markup comes from qrcode's own elements and the device's URL, never from input.
    return mark_safe(ElementTree.tostring(svg, encoding="unicode"))  # noqa: S308
