"""`check --deploy` refuses production without two-factor, and warns about settings that
quietly weaken the rate limit and the lockout."""

import pytest
from django.core import checks
from django.test import RequestFactory

from appointments.ratelimit import client_ip
from tests.clinic.test_settings import manage, production_environment

# A shared cache nothing listens on: the checks read it (W002), and a refused connection
# answers at once, as a miss.
SHARED_CACHE = "rediss://:a-password@127.0.0.1:9/0"


def deploy_check_ids() -> set[str]:
    return {message.id for message in checks.run_checks(include_deployment_checks=True)}


def test_two_factor_off_in_production_is_an_error():
    env = production_environment(OTP_REQUIRED="false", CACHE_URL=SHARED_CACHE)
    result = manage("check", "--deploy", env=env)
    assert result.returncode == 1
    assert "clinic.E001" in result.stderr
    assert "Two-factor sign-in is off" in result.stderr


def test_a_per_process_cache_in_production_is_a_warning():
    result = manage("check", "--deploy", env=production_environment(CACHE_URL="locmem://"))
    assert "clinic.W001" in result.stdout + result.stderr
    assert "rate limit" in result.stdout + result.stderr


def test_two_factor_off_in_development_is_fine(settings):
    settings.DEBUG, settings.OTP_REQUIRED = True, False
    assert "clinic.E001" not in deploy_check_ids()


@pytest.mark.parametrize(
    ("proxies", "forwarded"),
    [(0, "198.51.100.7"), (2, "198.51.100.7")],
    ids=["count 0 behind a proxy", "count above the entries"],
)
def test_a_proxy_count_that_does_not_fit_the_headers_seen_is_a_warning(
    settings, proxies, forwarded
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert "clinic.W002" not in deploy_check_ids()
    client_ip(RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded))
    assert "clinic.W002" in deploy_check_ids()


def test_a_proxy_count_that_fits_is_not_a_warning(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client_ip(RequestFactory().get("/", HTTP_X_FORWARDED_FOR="198.51.100.7"))
    client_ip(RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.7"))
    assert "clinic.W002" not in deploy_check_ids()


def deploy_example() -> dict[str, str]:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "deploy" / "clinic.env.example").read_text()
    return dict(
        line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#")
    )


def test_the_deploy_example_reaches_redis_over_tls_with_a_password():
    cache_url = deploy_example()["CACHE_URL"]
    assert cache_url.startswith("rediss://:")
    assert "@" in cache_url


def test_the_deploy_example_checks_the_database_certificate_and_settings_keep_it():
    database_url = deploy_example()["DATABASE_URL"]
    assert database_url.endswith("?sslmode=verify-full")
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; o = s.DATABASES['default']['OPTIONS']; "
        "print(o['sslmode'], 'pool' in o)",
        env=production_environment(DATABASE_URL=database_url, CACHE_URL=SHARED_CACHE),
    )
    assert result.stdout.strip().splitlines()[-1] == "verify-full True", result.stderr


def test_correcting_the_proxy_count_silences_the_warning(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    client_ip(RequestFactory().get("/", HTTP_X_FORWARDED_FOR="198.51.100.7"))
    settings.TRUSTED_PROXY_COUNT = 1
    assert "clinic.W002" not in deploy_check_ids()
