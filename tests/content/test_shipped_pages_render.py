"""Every shipped page answers with its own title, description and structured data."""

import html as html_lib
from http import HTTPStatus

import pytest

from content.shipped_content import shipped_pages
from tests.content.conftest import SHIPPED_SLUGS, json_ld_blocks, node_of_type

pytestmark = pytest.mark.usefixtures("shipped_site")


def url_of(slug: str) -> str:
    return "/" if slug == "home" else f"/{slug}/"


def test_every_page_the_issue_names_is_shipped():
    assert sorted(page.slug for page in shipped_pages()) == sorted(SHIPPED_SLUGS)


@pytest.mark.parametrize("shipped", shipped_pages(), ids=lambda page: page.slug)
def test_page_answers_with_its_own_title_description_and_json_ld(client, shipped):
    response = client.get(url_of(shipped.slug))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert f"<title>{html_lib.escape(shipped.title)} | Amira Integrative Health</title>" in html
    assert f"<h1>{html_lib.escape(shipped.title)}</h1>" in html
    assert f'<meta name="description" content="{html_lib.escape(shipped.summary)}">' in html
    assert json_ld_blocks(html), "the page has no JSON-LD"


def test_condition_page_is_a_medical_web_page_about_a_medical_condition(client):
    html = client.get("/crps/").content.decode()
    web_page = node_of_type(html, "MedicalWebPage")
    assert web_page["about"]["@type"] == "MedicalCondition"
    assert web_page["about"]["name"] == "Complex regional pain syndrome (CRPS)"
    assert web_page["lastReviewed"] == "2026-12-02"


def test_infusion_page_is_a_medical_web_page_about_a_medical_therapy(client):
    html = client.get("/ketamine-infusions/").content.decode()
    web_page = node_of_type(html, "MedicalWebPage")
    assert web_page["about"] == {"@type": "MedicalTherapy", "name": "Ketamine infusions for CRPS"}
    assert "lastReviewed" in web_page


def test_every_page_describes_the_clinic_with_address_phone_and_hours(client):
    html = client.get("/contact/").content.decode()
    clinic = node_of_type(html, "MedicalClinic")
    assert clinic["telephone"] == "+15705550123"
    assert clinic["address"]["addressLocality"] == "East Stroudsburg"
    assert clinic["address"]["postalCode"] == "18301"
    hours = clinic["openingHoursSpecification"]
    assert [day["dayOfWeek"] for day in hours] == [
        f"https://schema.org/{day}"
        for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
    ]
    assert {(day["opens"], day["closes"]) for day in hours} == {("09:00", "17:00")}


def test_breadcrumbs_lead_from_home_to_the_page(client):
    html = client.get("/treatments/").content.decode()
    crumbs = node_of_type(html, "BreadcrumbList")["itemListElement"]
    assert [(crumb["position"], crumb["name"]) for crumb in crumbs] == [
        (1, "Home"),
        (2, "Treatments for CRPS"),
    ]
    assert crumbs[1]["item"] == "http://127.0.0.1:8000/treatments/"


def test_contact_page_shows_phone_address_hours_and_a_plain_map_link(client):
    html = client.get("/contact/").content.decode()
    assert 'href="tel:+15705550123"' in html
    assert "East Stroudsburg, PA 18301" in html
    assert "Monday to Friday: 9 a.m. to 5 p.m." in html
    assert 'href="https://www.google.com/maps/search/?api=1&amp;query=' in html
    assert "<iframe" not in html


def test_privacy_notice_names_what_the_form_collects_and_who_sees_it(client):
    html = client.get("/privacy/").content.decode()
    for collected in ("date of birth", "phone number", "ZIP code", "interpreter", "expect to pay"):
        assert collected in html
    assert "Only our clinic staff see your request." in html
    assert "We do not use tracking tools" in html


def test_accessibility_statement_names_the_standard_and_another_way_to_get_help(client):
    html = client.get("/accessibility/").content.decode()
    assert "WCAG" in html
    assert "2.2" in html
    assert "Call us." in html
    assert 'href="tel:+15705550123"' in html


def test_home_page_address_redirects_to_the_site_root(client):
    response = client.get("/home/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/"
