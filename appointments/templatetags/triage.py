from django import template

from appointments.selectors import describe_duration, queue_summary

register = template.Library()


@register.inclusion_tag("admin/appointments/queue_summary.html")
def triage_queue_summary() -> dict:
    summary = queue_summary()
    return {
        "summary": summary,
        "median_first_contact": describe_duration(summary.median_first_contact),
    }
