from django.contrib import admin
from django.http import HttpRequest

from appointments.models import AppointmentRequest

PATIENT_FIELDS = (
    "full_name",
    "date_of_birth",
    "phone",
    "contact_method",
    "consent_to_texts",
    "consent_to_texts_at",
    "consent_to_voicemail",
    "consent_to_voicemail_at",
    "email",
    "patient_type",
    "reason",
    "referring_clinician",
    "payment",
    "insurer_name",
    "preferred_times",
    "needs_interpreter",
    "interpreter_language",
    "zip_code",
    "notes",
    "acknowledged_at",
    "language",
)


@admin.register(AppointmentRequest)
class AppointmentRequestAdmin(admin.ModelAdmin):
    """What the patient sent is a record: staff can change the status, never the answers."""

    list_display = ("reference", "status", "created")
    list_filter = ("status",)
    search_fields = ("reference",)
    date_hierarchy = "created"
    fieldsets = (
        (None, {"fields": ("reference", "status", "created")}),
        ("What the patient sent", {"fields": PATIENT_FIELDS}),
        ("Notifications", {"fields": ("notified_at", "patient_notified_at")}),
    )
    readonly_fields = (
        "reference",
        "created",
        *PATIENT_FIELDS,
        "notified_at",
        "patient_notified_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Requests come from patients through the form, never typed in by staff.
        return False
