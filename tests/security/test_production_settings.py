"""Production settings switch every sign-in protection on; `check --deploy` stays silent."""

from tests.clinic.test_settings import manage, production_environment

PRINT_SETTINGS = (
    "from django.conf import settings as s; "
    "print(s.OTP_REQUIRED, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
    "s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.AXES_FAILURE_LIMIT)"
)


def last_line(result) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_requires_two_factor_and_secure_cookies():
    result = manage("shell", "-c", PRINT_SETTINGS, env=production_environment())
    assert last_line(result) == "True True True True Lax 5"


def test_two_factor_cannot_be_forgotten_by_leaving_the_variable_out():
    env = production_environment()
    env.pop("OTP_REQUIRED", None)
    result = manage("shell", "-c", PRINT_SETTINGS, env=env)
    assert last_line(result).startswith("True ")


def test_local_development_has_two_factor_off_by_default():
    env = production_environment(DEBUG="true")
    env.pop("OTP_REQUIRED", None)
    result = manage("shell", "-c", PRINT_SETTINGS, env=env)
    assert last_line(result).startswith("False ")


def test_check_deploy_prints_no_warning_with_production_settings():
    # Production shares its cache between processes (deploy/clinic.env.example).
    env = production_environment(CACHE_URL="rediss://:a-password@127.0.0.1:9/0")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNING" not in result.stderr
    assert "?:" not in result.stderr  # a silenced or non-failing check message
