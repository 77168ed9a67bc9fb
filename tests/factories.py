"""Test data builders, one per model, shared by every test module."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@clinic.example.org")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-staple")

    @factory.post_generation
    def save_password(user, create, extracted, **kwargs):
        if create:
            user.save()


# --- Appointment requests ---------------------------------------------------------------


class AppointmentRequestFactory(factory.django.DjangoModelFactory):
    """A stored request from an adult who asked to be called; fictional details only."""

    class Meta:
        model = "appointments.AppointmentRequest"

    reference = factory.Sequence(lambda n: f"AMR-T{n:04d}")
    full_name = "Dana Rivers"
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=90)
    phone = "+15705550142"
    contact_method = "phone"
    patient_type = "new"
    reason = "crps_evaluation"
    acknowledged_at = factory.LazyFunction(timezone.now)
    submission_token = factory.Sequence(lambda n: f"test-submission-token-{n}")
    status = "new"
    # A scheduled request has its appointment time (appointment_scheduled_has_time).
    scheduled_for = factory.LazyAttribute(
        lambda request: (
            timezone.now() + timedelta(days=7) if request.status == "scheduled" else None
        )
    )


# --- Content pages ----------------------------------------------------------------------


class PageFactory(factory.django.DjangoModelFactory):
    """A published education page, reviewed today and due for review in a year."""

    class Meta:
        model = "content.Page"
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Test page {n}")
    slug = factory.Sequence(lambda n: f"test-page-{n}")
    kind = "education"
    summary = "A short plain summary of the test page."
    body = "## A heading\n\nSome plain words about pain care."
    published = True
    last_reviewed = factory.LazyFunction(lambda: timezone.localdate())
    next_review_due = factory.LazyAttribute(lambda page: page.last_reviewed + timedelta(days=365))


class ReferenceFactory(factory.django.DjangoModelFactory):
    """A journal article with a DOI; cite it with PageFactory(...).citations.add(reference)."""

    class Meta:
        model = "content.Reference"

    key = factory.Sequence(lambda n: f"example-{n}")
    kind = "article"
    authors = "Example A, Sample B."
    title = factory.Sequence(lambda n: f"An example study of pain care number {n}")
    container = "Example J"
    year = 2020
    volume = "1"
    pages = "1-2"
    doi = factory.Sequence(lambda n: f"10.1234/example.{n}")


# --- Triage: staff in roles -------------------------------------------------------------


class StaffFactory(UserFactory):
    """A staff member in one of the roles the migrations create: StaffFactory(role="Clinician")."""

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create and extracted:
            from django.contrib.auth.models import Group

            user.groups.add(Group.objects.get(name=extracted))
