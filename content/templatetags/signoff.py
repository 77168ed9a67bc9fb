"""The admin home's list of pages waiting for sign-off or due for review."""

from django import template
from django.conf import settings

from content import signoff

register = template.Library()


@register.inclusion_tag("admin/content/signoff_summary.html")
def content_signoff_summary() -> dict:
    return {
        "awaiting_approval": list(signoff.drafts_awaiting_approval()),
        "awaiting_clinical_review": list(signoff.pages_awaiting_clinical_review()),
        "review_due": list(signoff.review_due_pages()),
        "reminder_days": settings.CONTENT_REVIEW_REMINDER_DAYS,
    }
