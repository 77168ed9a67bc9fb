"""
The project's admin site: Django's, with two-factor sign-in for every staff account.

`clinic.apps.ClinicAdminConfig` makes this the default site, so `admin.site` and every
`@admin.register` in the apps use it unchanged.
"""

import functools
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as verify_session

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


class ClinicAdminSite(admin.AdminSite):
    site_header = "Amira Integrative Health staff"
    site_title = "Amira Integrative Health staff"
    index_title = "Appointment requests and site content"
    login_form = StaffAuthenticationForm
    login_template = "admin/staff_login.html"

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

        device = pending_device(user)
        form = ConfirmAuthenticatorForm(request.POST or None, device=device)
        if request.method == "POST" and form.is_valid():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # The session gains privileges here, so it gets a new key, as at sign-in.
            request.session.cycle_key()
            verify_session(request, device)
            messages.success(request, "Two-factor sign-in is set up. Welcome.")
            return redirect(safe_next_url(request) or reverse("admin:index"))
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
