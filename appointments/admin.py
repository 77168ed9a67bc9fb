"""
Triage of appointment requests in the admin.

What the patient sent is a record: staff read it and never change it. Staff change the
triage fields (status, priority, assignee, appointment time) and add contact attempts and
notes, always through appointments/services.py, which records who and when. Every display
and change is written to the audit trail (AuditEntry), which nobody can edit or delete.
"""

import csv
import datetime
import functools
import secrets
from typing import cast
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR, SEARCH_VAR, ChangeList
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, Field, Value, When
from django.db.models.query import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.timesince import timesince

from appointments import booking, services
from appointments.models import (
    TRIAGE_FIELDS,
    AlertSubscription,
    AppointmentRequest,
    AuditEntry,
    BookingMessage,
    ContactAttempt,
    InternalNote,
    Language,
    Priority,
    RequestStatus,
    queue_rank,
)
from appointments.selectors import (
    SAVED_SEARCHES_SESSION_KEY,
    duplicates_of,
    overdue_q,
    phone_display,
    phone_search_value,
    possible_duplicates,
    spreadsheet_safe,
)
from clinic.admin_list import cell_html, cell_html_join

# Who is asking and why, at the top of the page; the rest of what they sent further down.
SUMMARY_FIELDS = (
    "reference",
    "received",
    "full_name",
    "phone_link",
    "contact_method",
    "reason",
    "preferred_times",
)
# The rest of what the patient sent, in the order of the form (the phone is in the summary).
PATIENT_FIELDS = tuple(
    name
    for name in AppointmentRequest.patient_fields()
    if name not in SUMMARY_FIELDS and name != "phone"
)
# How each page of a single request is named in its audit entry.
AUDITED_PAGES = {
    "appointments_appointmentrequest_change": "Request page",
    "appointments_appointmentrequest_history": "History page",
    "appointments_appointmentrequest_delete": "Delete confirmation page",
    "appointments_appointmentrequest_print": "Print sheet",
}
# What the front desk edit on a request's page: the status (saved through
# services.change_status) and the triage fields (services.update_triage).
TRIAGE_FORM_FIELDS = ("status", *TRIAGE_FIELDS)
TRIAGE_FACTS = ("contact_due", "first_contacted_at", "overdue_flag", "duplicate_links")
NOTIFICATION_FACTS = ("notified_at", "patient_notified_at", "appointment_email", "reminder_sent_at")


def model_field(name: str) -> Field:
    return cast(Field, AppointmentRequest._meta.get_field(name))


def export_cell(appointment: AppointmentRequest, name: str) -> object:
    """A field as the spreadsheet shows it: a choice's label, a date as YYYY-MM-DD."""
    if model_field(name).choices:
        return getattr(appointment, f"get_{name}_display")()
    value = getattr(appointment, name)
    return value.isoformat() if isinstance(value, datetime.date) else value


def local_minute(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


# The export's patient columns follow the model; these are its explicit exceptions.
EXPORT_HEADINGS = {
    "full_name": "Name",
    "phone": "Phone",
    "contact_method": "Contact by",
    "insurer_name": "Insurer",
    "interpreter_language": "Interpreter",
    "language": "Form language",
}
EXPORT_CELLS = {
    "phone": lambda appointment: phone_display(appointment.phone),
    "interpreter_language": lambda appointment: (
        appointment.interpreter_language if appointment.needs_interpreter else ""
    ),
}
# Consents and their times stay in the admin; the interpreter column says both.
NOT_EXPORTED = {
    "consent_to_texts",
    "consent_to_texts_at",
    "consent_to_voicemail",
    "consent_to_voicemail_at",
    "needs_interpreter",
    "acknowledged_at",
}
EXPORT_COLUMNS = (
    ("Reference", lambda appointment: appointment.reference),
    ("Received", lambda appointment: local_minute(appointment.created)),
    ("Status", lambda appointment: appointment.get_status_display()),
    ("Priority", lambda appointment: appointment.get_priority_display()),
    (
        "Assigned to",
        lambda appointment: (
            appointment.assigned_to.get_username() if appointment.assigned_to else ""
        ),
    ),
    *(
        (
            EXPORT_HEADINGS.get(name) or capfirst(model_field(name).verbose_name),
            EXPORT_CELLS.get(
                name,
                functools.partial(export_cell, name=name),
            ),
        )
        for name in AppointmentRequest.patient_fields()
        if name not in NOT_EXPORTED
    ),
    ("Appointment", lambda appointment: local_minute(appointment.scheduled_for)),
)


def can_triage(request: HttpRequest) -> bool:
    return request.user.has_perm("appointments.change_appointmentrequest")


def colleagues() -> QuerySet:
    """The staff a request can be assigned to."""
    return get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")


def time_element(value: datetime.datetime, shown: str) -> SafeString:
    # HTML's datetime attribute allows no microseconds, so whole seconds only.
    return format_html(
        '<time datetime="{}">{}</time>',
        timezone.localtime(value).isoformat(timespec="seconds"),
        shown,
    )


def without_nav_sidebar(extra_context: dict | None) -> dict:
    """
    The list and a request's page are where the front desk spends its day: they get the
    whole width for the table and the form, and skip the sidebar of every admin model (its
    links are one "Home" away in the breadcrumbs). Drawing that sidebar was a fifth of
    each page's time (docs/benchmarks.md).
    """
    return {"is_nav_sidebar_enabled": False, **(extra_context or {})}


def short_date_and_time(moment: datetime.datetime) -> str:
    """
    "Dec 4, 6:03 PM", as date_format(moment, "M j, g:i A") writes it in English, the staff
    pages' language. date_format parses its format string and translates the month on every
    call: on the request list, fifty times a page, that was a tenth of the page's time.
    """
    hour = moment.hour % 12 or 12
    return f"{moment:%b} {moment.day}, {hour}:{moment:%M} {'AM' if moment.hour < 12 else 'PM'}"


def name_inputs(field: forms.Field | None, *names: str) -> forms.Field | None:
    """
    Give each input of a field its own accessible name. Tabular inlines label their
    columns with table headings, not <label>s, and the admin's date and time pair has
    a single label for two inputs; screen readers need a name on every input.
    """
    if field is None:
        return field
    widgets = getattr(field.widget, "widgets", [field.widget])
    for widget, name in zip(widgets, names, strict=False):
        widget.attrs["aria-label"] = name
    return field


def badge(kind: str, value: str, label: str) -> str:
    # The label is always written out: colour only repeats what the text says.
    return cell_html('<span class="triage-badge triage-{}-{}">{}</span>', kind, value, label)


class CappedCountPaginator(Paginator):
    """
    Counts matching rows only up to COUNT_CAP. An exact count reads every row that
    matches, which for the unfiltered request list (or the ever-growing audit trail) is the
    whole table on every page view; nobody pages past the first few hundred rows, so past
    the cap the list says "more than" (templates/admin/appointments/pagination.html).

    The cap is twenty pages of the request list. Even capped, the count reads every row up
    to it: a search for a common name (its trigram index cannot answer a count by itself)
    read 10,001 rows from the table at a cap of 10,000, 17 ms of the page at a million
    requests, against 5 ms at 1,000 (docs/benchmarks.md). Past twenty pages a search or a
    filter finds a request sooner than paging does.
    """

    COUNT_CAP = 1_000

    @cached_property
    def count(self) -> int:
        # One row past the cap tells "exactly 1,000" from "more than 1,000".
        rows = cast(QuerySet, self.object_list)
        return rows.order_by().values("pk")[: self.COUNT_CAP + 1].count()

    @property
    def count_is_capped(self) -> bool:
        return self.count > self.COUNT_CAP


class FastCheckboxMixin:
    """
    The list's row checkbox, as Django's own admin writes it, without rendering a form
    widget through the template engine once per row: that was a third of the request list's
    rendering time. The markup is the same, so the admin's select-all box (which Django
    draws by this method's name) and its script still work.
    """

    def action_checkbox(self, obj) -> SafeString:
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            f"Select this object for an action - {obj}",
        )


class AssignedFilter(admin.SimpleListFilter):
    title = "assigned to"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "Me"), ("nobody", "Nobody")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = "first contact"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("no", "Not overdue")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(overdue_q(timezone.now()))
        if self.value() == "no":
            return queryset.exclude(overdue_q(timezone.now()))
        return queryset


class ReceivedDateFilter(admin.DateFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "received"


# The list's search words never travel in a URL (where they would reach the browser's
# history, server logs, Referer headers and sign-in redirects): the search box posts them,
# the session keeps them, and the list's address carries an opaque id instead.
SEARCH_ID_PARAM = "search"
SAVED_SEARCHES_KEPT = 20


def save_search(request: HttpRequest, words: str) -> str:
    saved = dict(request.session.get(SAVED_SEARCHES_SESSION_KEY, {}))
    search_id = secrets.token_urlsafe(9)
    saved[search_id] = words
    # Oldest first (dicts keep insertion order); only the last few are worth keeping.
    request.session[SAVED_SEARCHES_SESSION_KEY] = dict(list(saved.items())[-SAVED_SEARCHES_KEPT:])
    return search_id


def saved_search(request: HttpRequest) -> str:
    search_id = request.GET.get(SEARCH_ID_PARAM, "")
    return request.session.get(SAVED_SEARCHES_SESSION_KEY, {}).get(search_id, "")


class SavedSearchChangeList(ChangeList):
    """The request list, searched by the words saved in the session under ?search=<id>."""

    def get_filters_params(self, params=None):
        params = super().get_filters_params(params)
        params.pop(SEARCH_ID_PARAM, None)
        return params

    def get_queryset(self, request, exclude_parameters=None):
        self.query = saved_search(request)
        return super().get_queryset(request, exclude_parameters)


class TriageForm(forms.ModelForm):
    """The fields staff may change; the status offers only the moves the workflow allows."""

    # Not stored: it decides whether this one save emails the patient (appointments/booking.py).
    notify_patient = forms.BooleanField(
        label="Email the patient about this appointment change",
        required=False,
        initial=True,
        help_text=(
            "When this save books, moves or cancels the appointment, the patient gets an "
            "email with a calendar file if they gave an address. Untick to not send it, for "
            "example when you have just told them on the phone."
        ),
    )

    class Meta:
        model = AppointmentRequest
        fields = TRIAGE_FORM_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields and self.instance.pk:
            current = RequestStatus(self.instance.status)
            allowed = [current, *current.next_statuses()]
            status_field = cast(forms.ChoiceField, self.fields["status"])
            status_field.choices = [(status.value, status.label) for status in allowed]
        if "assigned_to" in self.fields:
            assignee_field = cast(forms.ModelChoiceField, self.fields["assigned_to"])
            assignee_field.queryset = colleagues()

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("status") == RequestStatus.SCHEDULED and not cleaned.get("scheduled_for"):
            # The database refuses it too (appointment_scheduled_has_time); this puts the
            # message by the field.
            self.add_error("scheduled_for", "Enter the appointment date and time.")
        return cleaned


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label="Assign to", queryset=colleagues(), empty_label="Choose a colleague"
    )


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(label="Priority", choices=Priority.choices)


class AuthoredInline(admin.TabularInline):
    """Existing rows are a record: shown, never changed or deleted. New rows get an author."""

    extra = 1
    can_delete = False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    # The accessible name of each input in a new row, by field.
    input_names: dict[str, tuple[str, ...]] = {}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        return name_inputs(field, *self.input_names.get(db_field.name, ()))


class ContactAttemptInline(AuthoredInline):
    model = ContactAttempt
    fields = ("attempted_at", "method", "outcome", "author", "created")
    readonly_fields = ("author", "created")
    verbose_name = "contact attempt"
    input_names = {
        "attempted_at": ("Date of the contact attempt", "Time of the contact attempt"),
        "method": ("How the patient was contacted",),
        "outcome": ("Outcome of the contact attempt",),
    }


class InternalNoteInline(AuthoredInline):
    model = InternalNote
    fields = ("text", "author", "created")
    readonly_fields = ("author", "created")
    verbose_name = "internal note"
    input_names = {"text": ("Internal note",)}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 60})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(AppointmentRequest)
class AppointmentRequestAdmin(FastCheckboxMixin, admin.ModelAdmin):
    form = TriageForm
    list_display = (
        "reference",
        "received",
        "name_and_phone",
        "reason",
        "status_badge",
        "flags",
        "priority_badge",
        "assigned_to",
    )
    list_display_links = ("reference",)
    list_filter = (
        "status",
        "reason",
        "priority",
        AssignedFilter,
        OverdueFilter,
        # So a Spanish-speaking colleague can find the requests to call back in Spanish.
        "language",
        ("created", ReceivedDateFilter),
    )
    # Reference by its start, name by any part, email exactly; phone numbers in any
    # format are handled in get_search_results.
    search_fields = ("^reference", "full_name", "=email")
    search_help_text = "Search by reference, name, email or phone number (any format)."
    list_select_related = ("assigned_to",)
    list_per_page = 50
    paginator = CappedCountPaginator
    # The exact total would cost a second count over the whole table on every page.
    show_full_result_count = False
    # Open requests first, oldest first; the same expression is indexed
    # (appointment_queue_order).
    ordering = (queue_rank().asc(), "created", "pk")
    actions = (
        "assign_to_me",
        "assign_to_colleague",
        "set_priority",
        "mark_contacted",
        "mark_closed",
        "mark_spam",
        "export_csv",
    )
    # The status history is a record, drawn by the page's template from the rows that
    # render_change_form adds, not an inline with forms to build and post.
    inlines = (ContactAttemptInline, InternalNoteInline)
    # The page's template puts the inlines after the first two fieldsets.
    change_form_template = "admin/appointments/appointmentrequest/change_form.html"
    fieldsets = (
        (None, {"fields": SUMMARY_FIELDS}),
        ("Triage", {"fields": (*TRIAGE_FORM_FIELDS, *TRIAGE_FACTS)}),
        ("Everything else the patient sent", {"fields": PATIENT_FIELDS}),
        ("Notifications", {"fields": NOTIFICATION_FACTS}),
    )

    class Media:
        css = {"all": ["css/admin-triage.css"]}

    # --- Who may do what -------------------------------------------------------------

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Requests come from patients through the form, never typed in by staff.
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Anyone who may add a note may save a request's page; without the change
        # permission every triage field is read-only (get_readonly_fields), so a
        # clinician's save only ever adds notes.
        if super().has_change_permission(request, obj):
            return True
        return obj is not None and request.user.has_perm("appointments.add_internalnote")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "scheduled_for":
            return name_inputs(field, "Appointment date", "Appointment time")
        return field

    def has_export_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("appointments.export_appointmentrequest")

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = [*SUMMARY_FIELDS, *TRIAGE_FACTS, *PATIENT_FIELDS]
        readonly += NOTIFICATION_FACTS
        if not can_triage(request):
            readonly += TRIAGE_FORM_FIELDS
        return readonly

    def get_fieldsets(self, request: HttpRequest, obj=None):
        if not can_triage(request):
            return self.fieldsets
        triage_fields = (*TRIAGE_FORM_FIELDS, "notify_patient", *TRIAGE_FACTS)
        return tuple(
            (name, {**options, "fields": triage_fields}) if name == "Triage" else (name, options)
            for name, options in self.fieldsets
        )

    # --- The list --------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                is_overdue=Case(
                    When(overdue_q(timezone.now()), then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
                is_possible_duplicate=possible_duplicates(),
            )
        )

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        phone = phone_search_value(search_term)
        if phone:
            results |= queryset.filter(phone=phone)
        return results, may_have_duplicates

    @admin.display(description="received", ordering="created")
    def received(self, obj: AppointmentRequest) -> str:
        created = timezone.localtime(obj.created)
        return cell_html(
            '<time datetime="{}" class="triage-nowrap">{}</time><br>'
            '<span class="triage-muted">{} ago</span>',
            created.isoformat(timespec="seconds"),
            short_date_and_time(created),
            timesince(obj.created, depth=1),
        )

    @admin.display(description="name and phone", ordering="full_name")
    def name_and_phone(self, obj: AppointmentRequest) -> str:
        # Stacked in one cell, so the whole row fits a laptop screen beside the filters. A
        # request sent in Spanish says so under the number: call back in Spanish.
        if obj.language == Language.ENGLISH:
            return cell_html("{}<br>{}", obj.full_name, self.phone_link(obj))
        return cell_html(
            "{}<br>{}<br>{}",
            obj.full_name,
            self.phone_link(obj),
            badge("language", obj.language, Language(obj.language).label),
        )

    @admin.display(description="first contact due")
    def contact_due(self, obj: AppointmentRequest) -> str:
        # The day the patient was promised; staff think in "by the end of Monday".
        return f"By the end of {date_format(obj.call_back_by(), 'l, N j, Y')}"

    @admin.display(description="phone", ordering="phone")
    def phone_link(self, obj: AppointmentRequest) -> str:
        return cell_html('<a href="tel:{}">{}</a>', obj.phone, phone_display(obj.phone))

    @admin.display(description="status", ordering="status")
    def status_badge(self, obj: AppointmentRequest) -> str:
        # The enum's label, not get_status_display(): that one rebuilds the whole choices
        # mapping, translating every label, on each call (fifty rows, three such columns).
        return badge("status", obj.status, RequestStatus(obj.status).label)

    @admin.display(description="priority", ordering="priority")
    def priority_badge(self, obj: AppointmentRequest) -> str:
        # Routine is the usual case: plain text, so the others stand out.
        priority = Priority(obj.priority)
        if priority == Priority.ROUTINE:
            return str(priority.label)
        return badge("priority", obj.priority, priority.label)

    @admin.display(description="overdue")
    def overdue_flag(self, obj: AppointmentRequest) -> str:
        # Annotated by get_queryset (selectors.overdue_q), for the list and the request page.
        return badge("flag", "overdue", "Overdue") if obj.is_overdue else ""

    @admin.display(description="flags")
    def flags(self, obj: AppointmentRequest) -> str:
        # One column for both flags keeps the list readable on a laptop screen.
        return cell_html_join(
            " ",
            (
                flag
                for flag in (
                    self.overdue_flag(obj),
                    obj.is_possible_duplicate and badge("flag", "duplicate", "Possible duplicate"),
                )
                if flag
            ),
        )

    @admin.display(description="possible duplicates")
    def duplicate_links(self, obj: AppointmentRequest) -> str:
        duplicates = list(duplicates_of(obj).only("pk", "reference", "created"))
        if not duplicates:
            return "None"
        # Links by id and reference only: a phone number or email in a URL would end
        # up in logs and browser history.
        return format_html_join(
            ", ",
            '<a href="{}">{}</a> ({})',
            (
                (
                    reverse("admin:appointments_appointmentrequest_change", args=[d.pk]),
                    d.reference,
                    date_format(timezone.localtime(d.created), "M j"),
                )
                for d in duplicates
            ),
        )

    @admin.display(description="appointment email")
    def appointment_email(self, obj: AppointmentRequest) -> str:
        if not obj.booking_message:
            return "None sent"
        label = BookingMessage(obj.booking_message).label
        if obj.booking_message_sent_at is None:
            return f"{label}: queued, not sent yet"
        return format_html(
            "{}: sent {}",
            label,
            time_element(
                obj.booking_message_sent_at,
                date_format(timezone.localtime(obj.booking_message_sent_at), "M j, Y, g:i A"),
            ),
        )

    # --- Viewing and saving ----------------------------------------------------------

    def get_urls(self):
        # Every page of this admin is audited by what it shows, whatever the method: a POST
        # that redraws the list or a request page shows as much as a GET does.
        print_sheet = path(
            "<path:object_id>/print/",
            self.admin_site.admin_view(self.print_sheet_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_print",
        )
        urls = [print_sheet, *super().get_urls()]
        for pattern in urls:
            pattern.callback = self.audited(pattern.callback)
        return urls

    def audited(self, view):
        @functools.wraps(view)
        def audited_view(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                self.record_what_is_shown(request, response)
            return response

        return audited_view

    def record_what_is_shown(self, request: HttpRequest, response: HttpResponse) -> None:
        """
        Write one audit entry naming the requests a page shows, read from what the page
        is drawn with: the list (or a redraw of it), a request's page, its history, a
        deletion's confirmation, an action's confirmation. The CSV export records its own.
        """
        context = getattr(response, "context_data", None) or {}
        page = (request.resolver_match.url_name if request.resolver_match else None) or ""
        changelist = context.get("cl")
        shown_one = context.get("original") or context.get("object")
        selected = context.get("queryset")
        if changelist is not None:
            # Evaluating the page here costs nothing extra: the template reuses the rows.
            shown = list(changelist.result_list)
            action, detail = AuditEntry.Action.VIEWED_LIST, f"{len(shown)} requests shown"
        elif isinstance(shown_one, AppointmentRequest):
            shown = [shown_one]
            action, detail = AuditEntry.Action.VIEWED_REQUEST, AUDITED_PAGES.get(page, page)
        elif isinstance(selected, QuerySet) and selected.model is AppointmentRequest:
            shown = list(selected)
            action = AuditEntry.Action.VIEWED_LIST
            detail = f"{len(shown)} requests shown to confirm an action"
        else:
            return
        if request.method != "GET":
            detail = f"{detail} (redrawn after a {request.method})"
        services.record_audit(user=request.user, action=action, appointments=shown, detail=detail)

    def print_sheet_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """One request on a US Letter page, for the phone call: audited like the request page."""
        appointment = self.get_object(request, unquote(object_id))
        if appointment is None:
            raise Http404("No such request.")
        if not self.has_view_permission(request, appointment):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"Request {appointment.reference}",
            "original": appointment,
            "opts": self.opts,
            "contact_due": self.contact_due(appointment),
            "contact_attempts": appointment.contact_attempts.select_related("author"),
            "internal_notes": appointment.internal_notes.select_related("author"),
            "phone": phone_display(appointment.phone),
            "printed_at": timezone.localtime(),
        }
        return TemplateResponse(
            request, "admin/appointments/appointmentrequest/print_sheet.html", context
        )

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if request.method == "POST" and "action" in request.POST:
            self.refuse_unavailable_action(request)
        elif request.method == "POST" and SEARCH_VAR in request.POST:
            return self.redirect_to_saved_search(request, request.POST)
        elif SEARCH_VAR in request.GET:
            # An old bookmark or a hand-typed ?q=: it reached this server's logs once,
            # but the list's own links and the browser's history will not repeat it.
            return self.redirect_to_saved_search(request, request.GET)
        return super().changelist_view(request, without_nav_sidebar(extra_context))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return super().changeform_view(
            request, object_id, form_url, without_nav_sidebar(extra_context)
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["status_changes"] = obj.status_changes.select_related("changed_by")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_changelist(self, request: HttpRequest, **kwargs):
        return SavedSearchChangeList

    def redirect_to_saved_search(self, request: HttpRequest, data) -> HttpResponseRedirect:
        """
        Keep the list's filters in the address (the search box posts to the list's current
        address) and the search words in the session.
        """
        params = {
            key: value
            for key, value in request.GET.items()
            if key not in (SEARCH_VAR, SEARCH_ID_PARAM, PAGE_VAR)
        }
        # A NUL byte cannot be searched for (PostgreSQL text refuses it); Django's own search
        # form drops it too.
        words = data.get(SEARCH_VAR, "").replace("\x00", "").strip()
        if words:
            params[SEARCH_ID_PARAM] = save_search(request, words)
        return HttpResponseRedirect(
            f"{request.path}?{urlencode(params)}" if params else request.path
        )

    def get_search_fields(self, request: HttpRequest):
        # Nothing in the admin picks a request by autocomplete, so the endpoint would only
        # be an unaudited search of patients' names, emails and phones: refuse it.
        if request.resolver_match and request.resolver_match.url_name == "autocomplete":
            raise PermissionDenied
        return super().get_search_fields(request)

    def refuse_unavailable_action(self, request: HttpRequest) -> None:
        """An action this user may not run is refused with 403, not quietly ignored."""
        name = request.POST.get("action", "")
        every_action = {*self.actions, "delete_selected"}
        if name in every_action and name not in self.get_actions(request):
            raise PermissionDenied

    def save_model(self, request, obj, form, change) -> None:
        if not change or not can_triage(request):
            return
        triage_changes = {
            field: form.cleaned_data[field] for field in TRIAGE_FIELDS if field in form.changed_data
        }
        services.update_triage(appointment=obj, by=request.user, changes=triage_changes)
        if "status" in form.changed_data:
            try:
                services.change_status(
                    appointment=obj, to_status=form.cleaned_data["status"], by=request.user
                )
            except services.InvalidTransition as error:
                # Someone else moved it between this page loading and the save.
                self.message_user(request, str(error), messages.ERROR)
        if {"status", "scheduled_for"} & set(form.changed_data):
            booking.after_appointment_change(
                appointment=obj, by=request.user, send=form.cleaned_data["notify_patient"]
            )

    def save_formset(self, request, form, formset, change) -> None:
        for instance in formset.save(commit=False):
            if instance.pk is not None:
                continue  # existing rows are read-only
            if isinstance(instance, ContactAttempt):
                services.record_contact_attempt(
                    appointment=form.instance,
                    method=instance.method,
                    outcome=instance.outcome,
                    attempted_at=instance.attempted_at,
                    by=request.user,
                )
            elif isinstance(instance, InternalNote):
                services.add_internal_note(
                    appointment=form.instance, text=instance.text, by=request.user
                )

    def delete_model(self, request, obj) -> None:
        services.delete_requests(appointments=[obj], by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        services.delete_requests(appointments=queryset, by=request.user)

    # --- Actions ---------------------------------------------------------------------

    @admin.action(description="Assign selected requests to me", permissions=["change"])
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = services.assign(appointments=queryset, to=request.user, by=request.user)
        self.message_user(request, f"Assigned {count} request(s) to you.", messages.SUCCESS)

    @admin.action(description="Assign selected requests to…", permissions=["change"])
    def assign_to_colleague(self, request: HttpRequest, queryset: QuerySet):
        form = AssignForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self.bulk_change_page(request, queryset, form, "Assign requests to a colleague")
        assignee = form.cleaned_data["assignee"]
        count = services.assign(appointments=queryset, to=assignee, by=request.user)
        self.message_user(
            request,
            f"Assigned {count} request(s) to {assignee.get_username()}.",
            messages.SUCCESS,
        )
        return None

    @admin.action(description="Set the priority of selected requests…", permissions=["change"])
    def set_priority(self, request: HttpRequest, queryset: QuerySet):
        form = PriorityForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self.bulk_change_page(request, queryset, form, "Set the priority of requests")
        priority = Priority(form.cleaned_data["priority"])
        count = services.set_priority(appointments=queryset, priority=priority, by=request.user)
        self.message_user(
            request,
            f"Set {count} request(s) to {priority.label.lower()} priority.",
            messages.SUCCESS,
        )
        return None

    def bulk_change_page(
        self, request: HttpRequest, queryset: QuerySet, form: forms.Form, title: str
    ) -> TemplateResponse:
        """The page between choosing an action and applying it, listing what it will change."""
        return TemplateResponse(
            request,
            "admin/appointments/appointmentrequest/bulk_change.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "opts": self.opts,
                "form": form,
                # Named `queryset`, so the audit entry lists the requests this page shows.
                "queryset": queryset,
                "action": request.POST.get("action", ""),
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description="Mark selected requests as contacted", permissions=["change"])
    def mark_contacted(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.move(request, queryset, RequestStatus.CONTACTED)

    @admin.action(description="Mark selected requests as closed", permissions=["change"])
    def mark_closed(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.move(request, queryset, RequestStatus.CLOSED)

    @admin.action(description="Mark selected requests as spam", permissions=["change"])
    def mark_spam(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.move(request, queryset, RequestStatus.SPAM)

    def move(self, request: HttpRequest, queryset: QuerySet, to_status: RequestStatus) -> None:
        moved, refused = [], []
        for obj in queryset:
            if obj.status == to_status:
                continue
            try:
                services.change_status(appointment=obj, to_status=to_status, by=request.user)
            except services.InvalidTransition:
                refused.append(obj)
            else:
                moved.append(obj)
        label = to_status.label.lower()
        if moved:
            self.message_user(
                request, f"Marked {len(moved)} request(s) as {label}.", messages.SUCCESS
            )
        for obj in refused:
            allowed = ", ".join(s.label.lower() for s in RequestStatus(obj.status).next_statuses())
            self.message_user(
                request,
                f"{obj.reference} is {obj.get_status_display().lower()} and cannot be marked "
                f"{label}; it can be marked {allowed}.",
                messages.WARNING,
            )
        if not moved and not refused:
            self.message_user(request, f"All selected requests were already {label}.")

    @admin.action(description="Export selected requests to CSV", permissions=["export"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        requests = list(queryset)
        filename = f"appointment-requests-{timezone.localdate():%Y-%m-%d}.csv"
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        writer = csv.writer(response)
        writer.writerow([heading for heading, _ in EXPORT_COLUMNS])
        for obj in requests:
            writer.writerow([spreadsheet_safe(value(obj)) for _, value in EXPORT_COLUMNS])
        services.record_audit(
            user=request.user,
            action=AuditEntry.Action.EXPORTED,
            appointments=requests,
            detail=f"{len(requests)} requests to CSV",
        )
        return response


@admin.register(AuditEntry)
class AuditEntryAdmin(FastCheckboxMixin, admin.ModelAdmin):
    """A record to read: nobody, superusers included, adds, changes or deletes entries."""

    list_display = ("at", "username", "action", "reference_list", "detail")
    list_filter = ("action", ("at", admin.DateFieldListFilter))
    search_fields = ("references", "=username")
    paginator = CappedCountPaginator
    show_full_result_count = False
    fields = ("at", "username", "action", "references", "detail", "entry_hash")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description="requests")
    def reference_list(self, obj: AuditEntry) -> str:
        references = obj.references.split()
        if len(references) > 5:
            return f"{' '.join(references[:5])} and {len(references) - 5} more"
        return " ".join(references)


class AlertSubscriptionForm(forms.ModelForm):
    class Meta:
        model = AlertSubscription
        fields = ("intake_digest", "overdue_alerts")


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(admin.ModelAdmin):
    """
    Who gets the intake alerts (appointments/alerts.py). Each staff member who may see
    requests chooses their own on "Email alerts"; the list, for the practice manager, only
    shows who has chosen what.
    """

    list_display = ("user", "email", "intake_digest", "overdue_alerts", "updated")
    list_filter = ("intake_digest", "overdue_alerts")
    fields = ("user", "intake_digest", "overdue_alerts", "updated")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("user")

    @admin.display(description="email address", ordering="user__email")
    def email(self, obj: AlertSubscription) -> str:
        return obj.user.email or "None: no alerts can reach them"

    def get_urls(self):
        mine = path(
            "mine/",
            self.admin_site.admin_view(self.my_alerts_view),
            name="appointments_alertsubscription_mine",
        )
        return [mine, *super().get_urls()]

    def my_alerts_view(self, request: HttpRequest) -> HttpResponse:
        """The signed-in staff member's own choice of alerts."""
        user = request.user
        if not user.is_authenticated or not user.has_perm("appointments.view_appointmentrequest"):
            raise PermissionDenied
        subscription = AlertSubscription.objects.filter(user=user).first()
        subscription = subscription or AlertSubscription(user=user)
        form = AlertSubscriptionForm(request.POST or None, instance=subscription)
        if request.method == "POST" and form.is_valid():
            form.save()
            self.message_user(request, "Your email alerts are saved.", messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": "Your email alerts",
            "opts": self.opts,
            "form": form,
            "no_email": not user.email,
        }
        return TemplateResponse(request, "admin/appointments/alertsubscription/mine.html", context)
