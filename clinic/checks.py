"""
Deploy checks (`manage.py check --deploy`): settings that are fine on a laptop and
dangerous in production.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.checks import Error, Tags, Warning, register

from appointments.ratelimit import PROXY_MISMATCH_CACHE_KEY

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security, deploy=True)
def two_factor_is_on(app_configs, **kwargs):
    if not settings.DEBUG and not settings.OTP_REQUIRED:
        return [
            Error(
                "Two-factor sign-in is off (OTP_REQUIRED=false) with DEBUG off.",
                hint="A password alone opens every appointment request; remove OTP_REQUIRED.",
                id="clinic.E001",
            )
        ]
    return []


@register(Tags.caches, deploy=True)
def cache_is_shared(app_configs, **kwargs):
    if settings.CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
        return [
            Warning(
                "The cache is per process (CACHE_URL is locmem:// or dummy://).",
                hint=(
                    "Each gunicorn worker then counts the request-form rate limit on its own, "
                    "so a client gets the limit once per worker. Set CACHE_URL to Redis."
                ),
                id="clinic.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def proxy_count_fits_the_headers_seen(app_configs, **kwargs):
    seen = cache.get(PROXY_MISMATCH_CACHE_KEY.format(proxies=settings.TRUSTED_PROXY_COUNT))
    if seen:
        return [
            Warning(
                f"{seen}.",
                hint=(
                    "Set TRUSTED_PROXY_COUNT to the number of proxies in front that append to "
                    "X-Forwarded-For (1 with deploy/nginx.conf): the rate limit and the "
                    "sign-in lockout key on the address it picks."
                ),
                id="clinic.W002",
            )
        ]
    return []
