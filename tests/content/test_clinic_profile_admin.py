"""The clinic profile is one record, edited in one place, with a warning while it is fictional."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from content.models import ClinicProfile

pytestmark = pytest.mark.django_db

LATER_FIELDS = (
    "price of a course of ketamine infusions (English), "
    "price of a course of ketamine infusions (Spanish), "
    "after-hours instruction (English), after-hours instruction (Spanish)"
)
WARNING = (
    "The clinic profile still has placeholder values for: phone, email, street address, "
    f"{LATER_FIELDS}."
)


def test_the_profile_pages_warn_while_placeholders_remain(superuser_client):
    profile = ClinicProfile.load()
    response = superuser_client.get(
        reverse("admin:content_clinicprofile_change", args=[profile.pk])
    )
    assert WARNING in response.content.decode()


def test_the_page_list_warns_while_placeholders_remain(superuser_client):
    ClinicProfile.load()
    response = superuser_client.get(reverse("admin:content_page_changelist"))
    assert WARNING in response.content.decode()


def test_the_warning_names_only_the_fields_still_to_replace_and_then_goes(superuser_client):
    profile = ClinicProfile.load()
    profile.phone = "+15705550142"
    profile.email = "office@clinic.example.org"
    profile.save()
    html = superuser_client.get(reverse("admin:content_page_changelist")).content.decode()
    assert f"placeholder values for: street address, {LATER_FIELDS}." in html

    profile.street_address = "12 Real Street"
    profile.price_range_en = "$500 a visit"
    profile.price_range_es = "$500 por visita"
    profile.after_hours_en = "Call our number; the on-call clinician answers."
    profile.save()
    html = superuser_client.get(reverse("admin:content_page_changelist")).content.decode()
    assert "placeholder values for: after-hours instruction (Spanish)." in html

    profile.after_hours_es = "Llame a nuestro número; contesta el profesional de guardia."
    profile.save()
    html = superuser_client.get(reverse("admin:content_page_changelist")).content.decode()
    assert "placeholder values" not in html


def test_the_profile_list_goes_straight_to_the_one_profile(superuser_client):
    response = superuser_client.get(reverse("admin:content_clinicprofile_changelist"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse(
        "admin:content_clinicprofile_change", args=[ClinicProfile.load().pk]
    )


def test_a_second_profile_cannot_be_added_and_the_profile_cannot_be_deleted(superuser_client):
    profile = ClinicProfile.load()
    add = superuser_client.get(reverse("admin:content_clinicprofile_add"))
    delete = superuser_client.post(
        reverse("admin:content_clinicprofile_delete", args=[profile.pk]), {"post": "yes"}
    )
    assert add.status_code == HTTPStatus.FORBIDDEN
    assert delete.status_code == HTTPStatus.FORBIDDEN
    assert ClinicProfile.objects.count() == 1
