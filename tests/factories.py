"""Test data builders, one per model, shared by every test module."""

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
