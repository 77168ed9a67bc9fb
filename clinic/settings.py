"""
Settings for the Amira Integrative Health site.

Everything that differs between a laptop and production comes from the environment, read
through the small typed helpers below; `.env.example` documents every variable. Production
is the default: DEBUG is off unless asked for, and nothing secret has a default.
"""

import ipaddress
import os
from datetime import time, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envstr(name: str, default: str) -> str:
    return os.environ.get(name) or default


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Before the admin, as it requires: it adds each language's fields to the models that
    # content/translation.py registers.
    "modeltranslation",
    # Django's admin with two-factor sign-in as the default site (clinic/admin.py).
    "clinic.apps.ClinicAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Recovery codes (staff/recovery.py).
    "django_otp.plugins.otp_static",
    # Passkeys, through staff/passkeys.py's guarded views, never the package's own URLconf.
    "django_otp_webauthn",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "clinic",
    "content",
    "appointments",
    "staff",
]

MIDDLEWARE = [
    # First, so every log line of a request carries its id and every response (stored
    # public pages too) echoes it (clinic/logging.py).
    "clinic.logging.RequestIdMiddleware",
    # Next, so it compresses pages as they finally leave. Django's version pads its output
    # against BREACH-style attacks; whitenoise's files come already compressed.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "clinic.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Stored public pages are served from here, before sessions and the rest; the
    # security headers above are still added to every response.
    "content.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the address: English at the plain URLs, Spanish under /es/.
    "clinic.middleware.LanguageFromPathMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "clinic.middleware.StaffSessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "content.context_processors.clinic",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL says otherwise. PostgreSQL
# goes through psycopg 3 with Django's connection pool, because opening a connection per
# request cost about 4x throughput on this kind of machine.
DATABASE_URL = envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        # What the URL's query string says, such as ?sslmode=verify-full.
        **DATABASES["default"].get("OPTIONS", {}),
        # A short connect timeout so that an outage answers with the 503 page in seconds,
        # not after the operating system gives up.
        "connect_timeout": envint("DATABASE_CONNECT_TIMEOUT", 3),
        "pool": {
            "min_size": envint("DATABASE_POOL_MIN_SIZE", 2),
            "max_size": envint("DATABASE_POOL_MAX_SIZE", 10),
            "timeout": envint("DATABASE_POOL_TIMEOUT", 5),
        },
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the task worker share one file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_from_url(url: str) -> dict:
    if url.startswith(("redis://", "rediss://")):
        timeout = envint("CACHE_SOCKET_TIMEOUT", 2)
        return {
            # Django's RedisCache, but a Redis outage is no outage of the site: each process
            # caches in its own memory, and skips Redis for a while after a failure
            # (clinic/cache.py).
            "BACKEND": "clinic.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {
                # A Redis that stops answering costs a worker at most this many seconds,
                # once per RETRY_AFTER, instead of holding it until gunicorn kills it.
                "socket_connect_timeout": timeout,
                "socket_timeout": timeout,
                "RETRY_AFTER": envint("CACHE_RETRY_SECONDS", 5),
                # Meanwhile each process caches in its own memory, this long at most, so a
                # page saved on another server shows everywhere within it.
                "FALLBACK_SECONDS": 30,
            },
        }
    if url.startswith("locmem://"):
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": url.removeprefix("locmem://") or "clinic",
        }
    if url.startswith("dummy://"):
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL must start with redis://, locmem:// or dummy://, not {url!r}"
    )


CACHE_URL = envstr("CACHE_URL", "locmem://")
CACHES = {"default": cache_from_url(CACHE_URL)}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The public site in English (at the plain URLs, and the fallback) and Spanish (under /es/).
# The staff admin is always in English. Each language is named in itself, as the language
# link in the header shows it.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True
# Pages are translated with django-modeltranslation (content/translation.py). English is
# the original every page must have; the site decides itself when a Spanish version is
# complete enough to show (content/models.py), so no field quietly falls back on its own.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# Staff read the admin in English: "title (Spanish)" rather than modeltranslation's "title [es]".
LANGUAGE_NAMES_FOR_STAFF = {"en": "English", "es": "Spanish"}


def verbose_name_in(verbose_name: str, language: str) -> str:
    return f"{verbose_name} ({LANGUAGE_NAMES_FOR_STAFF[language]})"


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = verbose_name_in

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Our own assets, plus what the build makes from npm packages (deploy/build-css.sh) in the
# git-ignored build/ folder: collectstatic never walks the whole Bootstrap distribution
# and nothing third-party is committed. Public pages link built/site.css alone.
STATICFILES_DIRS = [BASE_DIR / "static", ("built", BASE_DIR / "build" / "static")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

ADMIN_URL = envstr("ADMIN_URL", "admin/").strip("/") + "/"

# Email. Without EMAIL_HOST in development, messages are printed to the console; the
# notification emails carry no patient details, so this shows nothing private.
EMAIL_HOST = envstr("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG and not EMAIL_HOST
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Amira Integrative Health <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
CLINIC_INTAKE_EMAIL = envstr("CLINIC_INTAKE_EMAIL", "intake@localhost")

# Notification email goes through the database queue, so it is sent after the request is
# committed and is retried if the mail server is down. TASKS_BACKEND=immediate runs tasks
# in the web process, which `make run` uses so that a newcomer needs no worker.
TASKS_BACKEND = envstr("TASKS_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "dummy": "django_tasks.backends.dummy.DummyBackend",
        }[TASKS_BACKEND]
    }
}

# Clinical sign-off and the review cycle (docs/content-editing.md). A clinician's approval
# sets the next review this many days ahead; the daily reminder lists pages due within the
# window; a page this many days past its review date tells patients so.
CONTENT_REVIEW_INTERVAL_DAYS = envint("CONTENT_REVIEW_INTERVAL_DAYS", 365)
CONTENT_REVIEW_REMINDER_DAYS = envint("CONTENT_REVIEW_REMINDER_DAYS", 30)
CONTENT_REVIEW_GRACE_DAYS = envint("CONTENT_REVIEW_GRACE_DAYS", 30)

# The clinic's phone number as the last resort for error pages, when neither the database
# nor the cache can supply the clinic profile. Staff edit the real one in the admin.
CLINIC_FALLBACK_NAME = envstr("CLINIC_FALLBACK_NAME", "Amira Integrative Health")
CLINIC_FALLBACK_PHONE = envstr("CLINIC_FALLBACK_PHONE", "+15705550123")

# Security. Production defaults; DEBUG relaxes only what breaks plain-HTTP local use.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
if envbool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# The preload flag only makes the site eligible for browser preload lists; submitting it
# is a separate, deliberate step.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "clinic.views.csrf_failure"
CSRF_COOKIE_SAMESITE = "Strict"
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
DATA_UPLOAD_MAX_NUMBER_FILES = 0

# --- Staff sign-in, sessions and browser policies (SECURITY.md explains each) ---------
# Two-factor sign-in (TOTP) for every staff account. Only local development may switch
# it off, and it is off there by default so `make run` needs no phone.
OTP_REQUIRED = envbool("OTP_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "Amira Integrative Health"
# Staff see that an account has an authenticator, never its secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A new account (or one re-invited after a lost device) can set up its second factor only
# through its one-time invitation link, which works for this long (staff/invitations.py).
STAFF_INVITATION_LIFETIME = timedelta(hours=envint("STAFF_INVITATION_HOURS", 72))
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
# Automatic logoff: after this long without a request, or this long after signing in.
STAFF_SESSION_IDLE_TIMEOUT = timedelta(minutes=envint("STAFF_SESSION_IDLE_MINUTES", 15))
STAFF_SESSION_MAX_AGE = timedelta(hours=envint("STAFF_SESSION_MAX_HOURS", 12))
SESSION_COOKIE_AGE = int(STAFF_SESSION_MAX_AGE.total_seconds())
# Sessions stay in the database (Django's default engine), not the cache: every app server
# shares PostgreSQL already, a Redis restart or flush signs nobody out, and only staff have
# sessions, so their writes are few.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# django-axes must come first: it refuses a locked-out sign-in before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # A passkey sign-in (staff/passkeys.py): the key's signature stands for the password.
    "django_otp_webauthn.backends.WebAuthnBackend",
]


def passkey_relying_party(site_url: str) -> tuple[str, str]:
    """
    The relying party's id (a host name) and origin for passkeys at `site_url`. Browsers
    refuse an IP address as a relying party, so the local default (http://127.0.0.1:8000)
    has passkeys at http://localhost:8000 instead, the one http origin they allow.
    """
    parts = urlsplit(site_url)
    host = parts.hostname or "localhost"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host, f"{parts.scheme}://{parts.netloc}"
    return "localhost", "http://localhost" + (f":{parts.port}" if parts.port else "")


# Passkeys are bound to the relying party: a host name and the https origin the browser
# shows. Both follow SITE_URL unless set; changing the host name later makes every passkey
# stop working (staff then need new invitations).
PASSKEY_RP_ID, PASSKEY_ORIGIN = passkey_relying_party(SITE_URL)
OTP_WEBAUTHN_RP_ID = envstr("WEBAUTHN_RP_ID", PASSKEY_RP_ID)
OTP_WEBAUTHN_ALLOWED_ORIGINS = envlist("WEBAUTHN_ORIGINS", [PASSKEY_ORIGIN])
OTP_WEBAUTHN_RP_NAME = "Amira Integrative Health staff"
# A staff sign-in asks for the fingerprint, face or PIN that unlocks the key.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = True
# Five failures for one username from one client lock that pair out for the cool-off
# period; a wrong authenticator code counts as a failure too.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 30))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "clinic.lockout.lockout_response"
AXES_ALLOWED_CORS_ORIGINS = SITE_URL
# `next` can name a page with a search in its address; the handler stores no query string.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token", "recovery_code", "next"]
AXES_HANDLER = "clinic.lockout.QueryFreeDatabaseHandler"
# The client address as the appointment rate limit sees it (see TRUSTED_PROXY_COUNT), not
# django-ipware's guess, which would trust a client's own X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "appointments.ratelimit.client_ip"

# Content-Security-Policy: nothing from another origin, no inline script or style, no
# framing. img-src allows data: because Bootstrap draws form controls (check marks, select
# arrows) with data: SVG images in its CSS; an image cannot run script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Error reports (mail to ADMINS, any error tracker) show where the code failed, never
# submitted values, query strings or local variables.
DEFAULT_EXCEPTION_REPORTER_FILTER = "clinic.error_reports.PatientDataExceptionReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "clinic.error_reports.PatientDataExceptionReporter"

# JSON lines with the request id (clinic/logging.py), for a log collector fed by several
# servers; LOG_FORMAT=plain for people reading a terminal, the default with DEBUG.
LOG_FORMAT = envstr("LOG_FORMAT", "plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or plain, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "clinic.logging.JsonLinesFormatter"},
    },
    "filters": {
        "request_id": {"()": "clinic.logging.RequestIdFilter"},
        "paths_only": {"()": "clinic.logging.PathsOnlyFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "paths_only"],
        }
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own request logging names only the path, never the body or query string.
        "django.request": {"level": "WARNING"},
        "django.security.DisallowedHost": {"level": "ERROR"},
    },
}

# Files that browsers ask for at the site root, served by whitenoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

# --- Appointment requests -------------------------------------------------------------
# How many proxies in front of the site append to X-Forwarded-For. 0 trusts only
# REMOTE_ADDR; with N > 0 the client is the Nth address from the right, the last one a
# proxy we run wrote. Rate limits (and the login lockout) key on this address.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
# Form posts allowed per client address per window (seconds), counted in the shared cache.
APPOINTMENT_RATE_LIMIT = envint("APPOINTMENT_RATE_LIMIT", 10)
APPOINTMENT_RATE_WINDOW = envint("APPOINTMENT_RATE_WINDOW", 3600)
# A form sent sooner than this after the page was shown was sent by a program, not a person.
APPOINTMENT_MIN_FILL_SECONDS = envint("APPOINTMENT_MIN_FILL_SECONDS", 3)
# Notification email retries: the first after this many seconds, doubling up to the cap,
# for at most this many attempts; `manage.py resend_notifications` sends what is left.
APPOINTMENT_NOTIFY_RETRY_SECONDS = envint("APPOINTMENT_NOTIFY_RETRY_SECONDS", 60)
APPOINTMENT_NOTIFY_RETRY_MAX_SECONDS = envint("APPOINTMENT_NOTIFY_RETRY_MAX_SECONDS", 3600)
APPOINTMENT_NOTIFY_MAX_ATTEMPTS = envint("APPOINTMENT_NOTIFY_MAX_ATTEMPTS", 10)
# A task still "running" after this long was left by a worker that stopped mid-task: a send
# gives up after EMAIL_TIMEOUT seconds per step, so none takes anywhere near as long.
# `task_backlog` reports such tasks; `resend_notifications` puts them back in the queue.
TASK_STUCK_AFTER = timedelta(minutes=envint("TASK_STUCK_MINUTES", 15))
# How long the calendar entry of an appointment email lasts (appointments/booking.py).
APPOINTMENT_LENGTH_MINUTES = envint("APPOINTMENT_LENGTH_MINUTES", 60)

# --- Triage in the admin (appointments/admin.py) -----------------------------------------
# Working days (days the clinic's calendar has it open: content/calendar.py) after the day a
# request arrives by the end of which the front desk must first contact the patient; later
# is "overdue".
TRIAGE_CONTACT_WINDOW_BUSINESS_DAYS = envint("TRIAGE_CONTACT_WINDOW_BUSINESS_DAYS", 1)
# `manage.py send_intake_alerts` sends the intake digest at this local time (HH:MM) each
# working day, to CLINIC_INTAKE_EMAIL and subscribed staff (appointments/alerts.py).
INTAKE_DIGEST_TIME = envstr("INTAKE_DIGEST_TIME", "08:30")
try:
    INTAKE_DIGEST_AT = time.fromisoformat(INTAKE_DIGEST_TIME)
except ValueError:
    raise ImproperlyConfigured(
        f"INTAKE_DIGEST_TIME must be a time like 08:30, not {INTAKE_DIGEST_TIME!r}"
    ) from None
# `manage.py purge_requests` deletes closed, spam and not-suitable requests this many days
# after their last status change.
APPOINTMENT_RETENTION_DAYS = envint("APPOINTMENT_RETENTION_DAYS", 365)
