"""Every page shares one layout: clinic name, phone, the request button, navigation, footer."""

import datetime
import re
from http import HTTPStatus

import pytest

from content.models import ClinicProfile, OpeningHours

pytestmark = pytest.mark.django_db


def test_header_has_clinic_name_click_to_call_and_request_button(client):
    html = client.get("/").content.decode()
    assert 'class="site-name" href="/">Amira Integrative Health</a>' in html
    assert 'href="tel:+15705550123"' in html
    assert "(570) 555-0123" in html
    assert 'href="/request-appointment/">Request an appointment</a>' in html


def test_layout_has_skip_link_landmarks_and_emergency_line(client):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main-content">Skip to main content</a>' in html
    assert '<main id="main-content"' in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert "<header" in html
    assert "<footer" in html
    assert "call 911" in html
    assert "call or text 988" in html
    assert 'href="/privacy/"' in html
    assert 'href="/accessibility/"' in html


def test_footer_shows_the_clinic_profile_as_staff_last_saved_it(client):
    profile = ClinicProfile.load()
    profile.phone = "+15705550142"
    profile.street_address = "12 Test Lane"
    profile.save()
    monday = OpeningHours.objects.get(weekday=0)
    monday.opens, monday.closes = datetime.time(8), datetime.time(16)
    monday.save()
    OpeningHours.objects.filter(weekday=1).update(opens=None, closes=None)
    OpeningHours.objects.get(weekday=1).save()  # what the admin does: saved one by one
    html = client.get("/").content.decode()
    assert "(570) 555-0142" in html
    assert "12 Test Lane" in html
    assert "<li>Monday: 8 a.m. to 4 p.m.</li>" in html
    assert "<li>Wednesday to Friday: 9 a.m. to 5 p.m.</li>" in html
    assert "Tuesday" not in html


def test_favicon_is_served_at_the_site_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")


def test_one_stylesheet_built_from_bootstrap_and_our_own(client):
    html = client.get("/").content.decode()
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert len(stylesheets) == 1
    assert stylesheets[0].startswith("/static/built/site.")
    css = b"".join(client.get(stylesheets[0]).streaming_content).decode()
    assert "Bootstrap" in css  # its licence comment travels with its rules
    assert ".skip-link" in css  # and ours follow
    assert "<script" not in html
