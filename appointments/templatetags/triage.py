from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode

from appointments.selectors import describe_duration, queue_summary
from clinic.admin_list import fast_result_list

register = template.Library()


@register.inclusion_tag("admin/appointments/queue_summary.html")
def triage_queue_summary() -> dict:
    summary = queue_summary()
    return {
        "summary": summary,
        "median_first_contact": describe_duration(summary.median_first_contact),
    }


@register.tag(name="fast_result_list")
def fast_result_list_tag(parser, token):
    """Django's {% result_list cl %}, with the rows written by clinic/admin_list.py."""
    # django-stubs gives this node a `name` argument that Django's own has not.
    return InclusionAdminNode(  # type: ignore[call-arg]
        parser,
        token,
        func=fast_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )
