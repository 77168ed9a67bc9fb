"""Education pages show their review dates, sources, where to get help and our interest."""

from datetime import date

import pytest

from content.models import ClinicProfile
from tests.factories import PageFactory, ReferenceFactory

pytestmark = pytest.mark.django_db


def test_an_education_page_shows_review_dates_and_references(client):
    page = PageFactory(
        slug="crps",
        kind="condition",
        last_reviewed=date(2026, 3, 1),
        next_review_due=date(2027, 3, 1),
    )
    page.citations.add(ReferenceFactory(doi="10.1016/j.pain.2010.04.030"))
    html = client.get("/crps/").content.decode()

    assert (
        "Reviewed by a clinician at Amira Integrative Health on "
        '<time datetime="2026-03-01">March 1, 2026</time>'
    ) in html
    assert 'Next review due: <time datetime="2027-03-01">March 1, 2027</time>' in html
    assert '<h2 id="references-heading">References</h2>' in html
    assert 'href="https://doi.org/10.1016/j.pain.2010.04.030"' in html


def test_an_education_page_says_when_to_get_help(client):
    PageFactory(slug="treatments", kind="education")
    html = client.get("/treatments/").content.decode()
    assert '<h2 id="get-help-now" class="help-box-heading">Get help now</h2>' in html
    for sign in (
        "Call 911",
        "Chest pain, or sudden trouble breathing.",
        "one side of the face droops, one arm is weak or numb",
        "suddenly swollen, warm and painful",
        "Get seen today",
        "redness that spreads, pus, or a wound that feels hot",
        "New weakness or numbness.",
        "An arm or leg that turns cold or blue.",
        "988 Suicide &amp; Crisis Lifeline",
    ):
        assert sign in html, sign


def test_an_education_page_states_the_clinics_interest(client):
    PageFactory(slug="ketamine-infusions", kind="therapy")
    html = client.get("/ketamine-infusions/").content.decode()
    assert "offers ketamine infusions and is paid for them" in html
    assert "not advice about your own care" in html


def test_the_clinical_reviewer_is_shown_only_when_staff_entered_one(client):
    PageFactory(slug="unreviewed")
    PageFactory(slug="reviewed", reviewer_name="A. Reviewer", reviewer_credentials="MD")

    assert "Clinical reviewer" not in client.get("/unreviewed/").content.decode()
    html = client.get("/reviewed/").content.decode()
    assert "Clinical reviewer: A. Reviewer, MD" in html


def test_an_information_page_has_no_health_boxes(client):
    PageFactory(slug="privacy", kind="information")
    html = client.get("/privacy/").content.decode()
    assert "Get help now" not in html
    assert "is paid for them" not in html
    assert "MedicalWebPage" not in html


def test_the_shipped_infusion_page_covers_what_patients_must_know(client, shipped_site):
    html = client.get("/ketamine-infusions/").content.decode()
    for fact in (
        "off-label",
        "insurance",
        "responsible adult must drive you home",
        "For the next 24 hours, do not drive",
        "Are allergic to ketamine.",
        "high blood pressure that is not well controlled",
        "Ketamine is usually avoided in pregnancy.",
        "Experts say ketamine should not be used then, or only at a lower dose with great care.",
        '"low quality."',
        "It is not the result of a study.",
        "That warning was not about liver damage.",
        "U.S. Food and Drug Administration (FDA)",
        "Warning signs after an infusion",
        "Your infusion day",
        "up to 10 days",
        "3 to 6 months",
        "Side effects and risks",
        "Who should not have ketamine",
        "Questions to ask",
        "We cannot promise that ketamine will help you.",
    ):
        assert fact in html.replace("&#x27;", "'"), fact


def test_the_infusion_page_shows_the_price_and_after_hours_help_from_the_profile(
    client, shipped_site
):
    profile = ClinicProfile.load()
    profile.price_range_en = "$450 to $600 a visit"
    profile.after_hours_en = "Call our number and press 1 for the clinician on call."
    profile.price_range_es = "De $450 a $600 por visita"
    profile.after_hours_es = (
        "Llame a nuestro número y marque 1 para hablar con el profesional de guardia."
    )
    profile.save()

    html = client.get("/ketamine-infusions/").content.decode()
    assert '<h2 id="at-our-clinic" class="help-box-heading">At our clinic</h2>' in html
    assert "$450 to $600 a visit" in html
    assert "Call our number and press 1 for the clinician on call." in html
    spanish = client.get("/es/ketamine-infusions/").content.decode()
    assert "De $450 a $600 por visita" in spanish
    assert "marque 1 para hablar con el profesional de guardia" in spanish
    # Only a page about a treatment shows it.
    assert "at-our-clinic" not in client.get("/crps/").content.decode().replace(
        "#at-our-clinic", ""
    )
