"""Education pages show their review dates, sources, where to get help and our interest."""

from datetime import date

import pytest

from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_an_education_page_shows_review_dates_and_references(client):
    PageFactory(
        slug="crps",
        kind="condition",
        last_reviewed=date(2026, 3, 1),
        next_review_due=date(2027, 3, 1),
        references="- Harden RN, et al. Pain. 2010. [doi:10.1016/j.pain.2010.04.030](https://doi.org/10.1016/j.pain.2010.04.030)",
    )
    html = client.get("/crps/").content.decode()

    assert 'Last reviewed: <time datetime="2026-03-01">March 1, 2026</time>' in html
    assert 'Next review due: <time datetime="2027-03-01">March 1, 2027</time>' in html
    assert '<h2 id="references-heading">References</h2>' in html
    assert 'href="https://doi.org/10.1016/j.pain.2010.04.030"' in html


def test_an_education_page_says_when_to_get_help(client):
    PageFactory(slug="treatments", kind="education")
    html = client.get("/treatments/").content.decode()
    assert "When to get help" in html
    assert "Call 911" in html
    assert "Call or text 988" in html
    assert "See a doctor" in html


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
    assert "When to get help" not in html
    assert "is paid for them" not in html
    assert "MedicalWebPage" not in html


def test_the_shipped_infusion_page_covers_what_patients_must_know(client, shipped_site):
    html = client.get("/ketamine-infusions/").content.decode()
    for fact in (
        "off-label",
        "insurance",
        "responsible adult must drive you home",
        "full night's sleep",
        "up to 10 days",
        "3 to 6 months",
        "Side effects and risks",
        "Who should not have ketamine",
        "Questions to ask",
        "We cannot promise that ketamine will help you.",
    ):
        assert fact in html.replace("&#x27;", "'"), fact
