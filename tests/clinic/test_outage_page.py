"""The page nginx shows when no app server answers, and the nginx example that serves it."""

import re
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError

from content.models import ClinicProfile

NGINX_EXAMPLE = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"


@pytest.mark.django_db
def test_the_outage_page_carries_the_phone_number_staff_saved(tmp_path):
    profile = ClinicProfile.load()
    profile.phone = "+15705550166"
    profile.save()
    output = tmp_path / "outage.html"

    call_command("write_outage_page", "--output", str(output), stdout=StringIO())

    page = output.read_text()
    assert 'href="tel:+15705550166"' in page
    assert "(570) 555-0166" in page
    assert "911" in page
    assert "AYUDA" in page
    assert "<link" not in page
    assert "<script" not in page


@pytest.mark.django_db(transaction=True)
def test_without_the_database_it_uses_the_configured_phone(tmp_path, settings):
    settings.CLINIC_FALLBACK_PHONE = "+15705550177"
    output = tmp_path / "outage.html"
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection",
        side_effect=OperationalError("down"),
    ):
        call_command(
            "write_outage_page", "--output", str(output), stdout=StringIO(), stderr=StringIO()
        )

    assert 'href="tel:+15705550177"' in output.read_text()


def test_nginx_shows_the_outage_page_when_no_app_server_answers():
    config = NGINX_EXAMPLE.read_text()
    assert re.search(r"error_page 502 504 =503 /outage\.html;", config)
    location = config[config.index("location = /outage.html") :]
    location = location[: location.index("}")]
    assert "internal;" in location
    assert 'Cache-Control "no-store"' in location
    assert "Content-Security-Policy" in location


def test_nginx_serves_a_stored_page_whatever_went_wrong_behind_it():
    (line,) = re.findall(r"proxy_cache_use_stale [^;]+;", NGINX_EXAMPLE.read_text())
    for condition in ("error", "timeout", "http_500", "http_502", "http_503", "http_504"):
        assert condition in line.rstrip(";").split()
