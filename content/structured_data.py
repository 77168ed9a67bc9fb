"""
Schema.org data (JSON-LD) for each public page, so search engines can tell a page about a
condition from one about a treatment, who publishes it and when it was last reviewed.
"""

from django.urls import reverse
from django.utils.translation import gettext, override

from content.clinic_details import ClinicDetails
from content.models import PageKind
from content.site_pages import RenderedPage


def focus_condition() -> dict:
    """What pages of the "education" kind (treatments, questions) are about: the condition
    this clinic treats, named in the page's language."""
    return {
        "@type": "MedicalCondition",
        "name": gettext("Complex regional pain syndrome"),
        "alternateName": gettext("CRPS"),
    }


def clinic_data(clinic: ClinicDetails, site_url: str) -> dict:
    data = {
        "@type": "MedicalClinic",
        "@id": f"{site_url}/#clinic",
        "name": clinic.name,
        "legalName": clinic.legal_name,
        "url": f"{site_url}/",
        "telephone": clinic.phone,
        "email": clinic.email,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": clinic.street_address,
            "addressLocality": clinic.locality,
            "addressRegion": clinic.region,
            "postalCode": clinic.postal_code,
            "addressCountry": "US",
        },
        "openingHoursSpecification": clinic.opening_hours_specification,
        "isAcceptingNewPatients": clinic.accepting_new_patients,
    }
    return {key: value for key, value in data.items() if value not in ("", None, [])}


def about_data(page: RenderedPage, site_url: str) -> dict:
    match page.kind:
        case PageKind.CONDITION:
            return {"@type": "MedicalCondition", "name": page.title}
        case PageKind.THERAPY:
            return {"@type": "MedicalTherapy", "name": page.title}
        case PageKind.EDUCATION:
            return focus_condition()
        case _:
            return {"@id": f"{site_url}/#clinic"}


def breadcrumb_data(page: RenderedPage, site_url: str, page_url: str) -> dict:
    trail = [(gettext("Home"), site_url + reverse("content:home"))]
    if not page.is_home:
        trail.append((page.title, page_url))
    return {
        "@type": "BreadcrumbList",
        "@id": f"{page_url}#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def page_structured_data(page: RenderedPage, clinic: ClinicDetails, *, site_url: str) -> dict:
    """
    The page described in the language of its text: a page shown in English at a Spanish
    address is the English page (as its canonical link says), so it is described as that.
    """
    with override(page.language):
        return describe_page(page, clinic, site_url=site_url, page_url=site_url + page.url)


def describe_page(
    page: RenderedPage, clinic: ClinicDetails, *, site_url: str, page_url: str
) -> dict:
    web_page: dict[str, object] = {
        "@type": "MedicalWebPage" if page.is_education else "WebPage",
        "@id": page_url,
        "url": page_url,
        "name": page.title,
        "description": page.summary,
        "inLanguage": f"{page.language}-US",
        "isPartOf": {
            "@type": "WebSite",
            "name": clinic.name,
            "url": site_url + reverse("content:home"),
        },
        "publisher": {"@id": f"{site_url}/#clinic"},
        "about": about_data(page, site_url),
        "breadcrumb": {"@id": f"{page_url}#breadcrumb"},
        "lastReviewed": page.last_reviewed.isoformat(),
        "dateModified": page.updated_at.date().isoformat(),
    }
    if page.is_education:
        web_page["medicalAudience"] = {"@type": "MedicalAudience", "audienceType": "Patient"}
    if page.references:
        web_page["citation"] = [source.schema() for source in page.references]
    if page.reviewer_name:
        web_page["reviewedBy"] = {
            "@type": "Person",
            "name": page.reviewer_name,
            "honorificSuffix": page.reviewer_credentials,
        }
    return {
        "@context": "https://schema.org",
        "@graph": [
            web_page,
            breadcrumb_data(page, site_url, page_url),
            clinic_data(clinic, site_url),
        ],
    }
