"""
The project's admin site: Django's, with two-factor sign-in for every staff account.

`clinic.apps.ClinicAdminConfig` makes this the default site, so `admin.site` and every
`@admin.register` in the apps use it unchanged.
"""

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice

from clinic.two_factor import (
    ConfirmAuthenticatorForm,
    StaffAuthenticationForm,
    has_authenticator,
    is_verified,
    pending_device,
    qr_code_svg,
    secret_for_manual_entry,
    two_factor_required,
)
from staff import invitations
from staff.recovery import codes_left, make_recovery_codes


class ClinicAdminSite(admin.AdminSite):
    site_header = "Amira Integrative Health staff"
    site_title = "Amira Integrative Health staff"
    index_title = "Appointment requests and site content"
    login_form = StaffAuthenticationForm
    login_template = "admin/staff_login.html"

    def get_app_list(self, request: HttpRequest, app_label=None):
        # Every admin page's context carries this list (each_context), and building it takes
        # a permission check per model; only the sidebar and the index draw it, so it is
        # built when one of them does (the triage pages draw neither).
        return SimpleLazyObject(
            lambda: super(ClinicAdminSite, self).get_app_list(request, app_label)
        )

    def has_permission(self, request: HttpRequest) -> bool:
        """Staff, and, whenever two-factor is required, verified by their authenticator."""
        if not super().has_permission(request):
            return False
        return not two_factor_required() or is_verified(request.user)

    def admin_view(self, view, cacheable=False):
        """
        Django's admin_view, except that the way to sign-in carries the path only: a
        query string can hold a search for a patient, and `next=` ends up in the sign-in
        page's logs, the browser's history and the lockout records.
        """
        inner = super().admin_view(view, cacheable)

        @functools.wraps(inner)
        def without_query_string(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = inner(request, *args, **kwargs)
            login_url = reverse("admin:login", current_app=self.name)
            if response.status_code == 302 and response["Location"].startswith(login_url + "?"):
                return redirect_to_login(request.path, login_url)
            return response

        return without_query_string

    def get_urls(self):
        # Before Django's own URLs, which end in a catch-all.
        return [
            path("two-factor/setup/", self.enrol_authenticator, name="two_factor_setup"),
            path(
                "two-factor/recovery-codes/",
                self.admin_view(self.recovery_codes),
                name="recovery_codes",
            ),
            path(
                "two-factor/invitation/<str:token>/",
                self.open_invitation,
                name="staff_invitation",
            ),
            *super().get_urls(),
        ]

    def needs_enrolment(self, request: HttpRequest) -> bool:
        user = request.user
        return (
            two_factor_required()
            and user.is_active
            and user.is_staff
            and not is_verified(user)
            and not has_authenticator(user)
        )

    def redirect_to_enrolment(self, request: HttpRequest) -> HttpResponseRedirect:
        next_url = safe_next_url(request)
        url = reverse("admin:two_factor_setup", current_app=self.name)
        return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if request.method == "GET" and self.needs_enrolment(request):
            return self.redirect_to_enrolment(request)
        response = super().login(request, extra_context)
        if request.method == "POST" and self.needs_enrolment(request):
            return self.redirect_to_enrolment(request)
        return response

    def show_recovery_codes(self, request: HttpRequest, codes: list[str], next_url: str):
        context = {
            **self.each_context(request),
            "title": "Your recovery codes",
            "codes": codes,
            "next": next_url,
        }
        return render(request, "admin/recovery_codes.html", context)

    @method_decorator(never_cache)
    @method_decorator(require_http_methods(["GET", "POST"]))
    def recovery_codes(self, request: HttpRequest) -> HttpResponse:
        """How many codes are left, and new ones (which void the old) on request."""
        if request.method == "POST":
            # The first codes come here too, straight after a passkey is registered
            # (static/js/passkey-enrolment.js): made, not renewed, if there were none.
            renewed = StaticDevice.objects.filter(user=request.user).exists()
            codes = make_recovery_codes(request.user, renewed=renewed)
            if not renewed:
                messages.success(request, "Two-factor sign-in is set up. Welcome.")
            return self.show_recovery_codes(
                request, codes, safe_next_url(request) or reverse("admin:index")
            )
        context = {
            **self.each_context(request),
            "title": "Recovery codes",
            "codes_left": codes_left(request.user),
        }
        return render(request, "admin/recovery_codes_renew.html", context)

    @method_decorator(never_cache)
    @method_decorator(require_http_methods(["GET"]))
    def open_invitation(self, request: HttpRequest, token: str) -> HttpResponse:
        """
        The link from an invitation: remembered in this browser's session, then on to the
        password step (or straight to enrolment if that is done).
        """
        invitation = invitations.find_invitation(token)
        if invitation is None or not invitation.user.is_active:
            return self.no_invitation(request, "This invitation link has expired or was used.")
        if request.user.is_authenticated and request.user != invitation.user:
            logout(request)
        invitations.remember_invitation(request, invitation)
        setup_url = reverse("admin:two_factor_setup", current_app=self.name)
        if request.user.is_authenticated:
            return redirect(setup_url)
        return redirect_to_login(setup_url, reverse("admin:login", current_app=self.name))

    def no_invitation(self, request: HttpRequest, problem: str) -> HttpResponse:
        context = {
            **self.each_context(request),
            "available_apps": [],
            "title": "Ask the practice manager for an invitation",
            "problem": problem,
            "invitation_hours": int(settings.STAFF_INVITATION_LIFETIME.total_seconds() // 3600),
        }
        return render(request, "admin/two_factor_invitation_needed.html", context, status=403)

    @method_decorator(never_cache)
    @method_decorator(require_http_methods(["GET", "POST"]))
    def enrol_authenticator(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        login_url = reverse("admin:login", current_app=self.name)
        if not (user.is_active and user.is_staff):
            return redirect_to_login(request.path, login_url)
        if has_authenticator(user):
            # Adding an authenticator needs the current one; a password alone must never
            # be enough to replace it.
            if is_verified(user):
                messages.info(request, "Two-factor sign-in is already set up for your account.")
                return redirect("admin:index")
            return redirect_to_login(request.path, login_url)
        if request.method == "POST" and "cancel" in request.POST:
            logout(request)
            return redirect(login_url)
        # A password alone must never be enough to set up a second factor: whoever
        # learnt a new account's password (or one whose device was removed) would enrol
        # their own phone. Only the account's invitation link opens this page.
        invitation = invitations.session_invitation(request)
        if invitation is None:
            return self.no_invitation(request, "Your account has no sign-in method set up yet.")

        device = pending_device(user)
        form = ConfirmAuthenticatorForm(request.POST or None, device=device)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                invitations.finish_enrolment(request, invitation, device, "added")
                codes = make_recovery_codes(user)
            messages.success(request, "Two-factor sign-in is set up. Welcome.")
            # Shown in this response only: the codes are never on a page that reloads.
            return self.show_recovery_codes(
                request, codes, safe_next_url(request) or reverse("admin:index")
            )
        context = {
            **self.each_context(request),
            # The navigation lists models; an unverified session sees none of it.
            "available_apps": [],
            "title": "Set up two-factor sign-in",
            "form": form,
            "qr_code": qr_code_svg(device),
            "secret": secret_for_manual_entry(device),
            "next": safe_next_url(request),
        }
        return render(request, "admin/two_factor_setup.html", context)


def safe_next_url(request: HttpRequest) -> str:
    """The `next` parameter if it points into this site, else an empty string."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return ""
