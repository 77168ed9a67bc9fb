"""
The appointment request form: every field a patient can send, and every check on it.

Errors follow the GOV.UK Design System wording: say what went wrong and how to fix it.
Every label, hint and message is translated (gettext): the form is shown in the language
of its address. Only the fields declared here are read, so extra POST fields (status, id,
reference...) are ignored.
"""

import datetime
import re
import secrets
import time
import unicodedata
from dataclasses import dataclass
from typing import cast

import phonenumbers
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import construct_instance
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

from appointments.models import AppointmentRequest
from content.profile import get_clinic_profile

FORM_TOKEN_SALT = "appointments.form-token"  # noqa: S105 - a namespace, not a secret
OLDEST_AGE = 120
YOUNGEST_AGE = 18

# Control, format (right-to-left override, zero-width), surrogate, private-use and
# unassigned characters, plus line and paragraph separators: none belongs in a name or
# a phone number, and some are used to disguise text or to inject email headers.
FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
# What a browser sends in place of bytes that were not valid UTF-8.
REPLACEMENT_CHARACTER = "\ufffd"
MULTILINE_ALLOWED = {"\n", "\r", "\t"}
PHONE_CHARACTERS = re.compile(r"^[0-9+().\-\s]+$")
ZIP_CODE = re.compile(r"^[0-9]{5}(-[0-9]{4})?$")


def has_forbidden_characters(value: str, *, multiline: bool = False) -> bool:
    for character in value:
        if multiline and character in MULTILINE_ALLOWED:
            continue
        if character == REPLACEMENT_CHARACTER:
            return True
        if unicodedata.category(character) in FORBIDDEN_CATEGORIES:
            return True
    return False


class PlainTextField(forms.CharField):
    """Free text with no control or invisible formatting characters."""

    def __init__(self, *, multiline: bool = False, **kwargs):
        self.multiline = multiline
        label = kwargs.get("label", _("This field"))
        max_length = kwargs.get("max_length")
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault(
            "max_length",
            format_lazy(
                _("{label} must be {max_length} characters or fewer"),
                label=label,
                max_length=max_length,
            ),
        )
        kwargs["error_messages"].setdefault("null_characters_not_allowed", self.bad_message(label))
        super().__init__(**kwargs)

    @staticmethod
    def bad_message(label: str | StrPromise | None) -> StrPromise:
        # Lazy, so the message is put together in the language of the page that shows it.
        return format_lazy(
            _(
                "{label} must only include letters, numbers, spaces and punctuation. "
                "Remove any special or hidden characters."
            ),
            label=label,
        )

    def validate(self, value: str) -> None:
        super().validate(value)
        if value and has_forbidden_characters(value, multiline=self.multiline):
            raise forms.ValidationError(self.bad_message(self.label), code="forbidden_characters")


def issue_form_token(*, shown_at: float | None = None) -> str:
    """
    A signed value for the form's hidden field: the one-time submission token, and when the
    form was shown, so a post made faster than a person could type is recognised.
    """
    return signing.dumps(
        {
            "token": secrets.token_urlsafe(24),
            "shown": time.time() if shown_at is None else shown_at,
        },
        salt=FORM_TOKEN_SALT,
        compress=False,
    )


@dataclass(frozen=True)
class FormToken:
    token: str
    shown_at: float


def read_form_token(value: str) -> FormToken | None:
    try:
        payload = signing.loads(value, salt=FORM_TOKEN_SALT)
        return FormToken(token=str(payload["token"]), shown_at=float(payload["shown"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


class DateOfBirthWidget(forms.MultiWidget):
    """Day, month and year as three short numeric inputs (GOV.UK date input)."""

    # Widgets render with Django's form renderer, which looks in app folders, not templates/.
    template_name = "appointments/widgets/date_of_birth.html"

    def __init__(self):
        def part(size: int, autocomplete: str) -> forms.TextInput:
            return forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "autocomplete": autocomplete,
                    "maxlength": size,
                    "class": f"form-control date-input-{size}",
                }
            )

        super().__init__(
            widgets={
                "day": part(2, "bday-day"),
                "month": part(2, "bday-month"),
                "year": part(4, "bday-year"),
            }
        )

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateOfBirthField(forms.Field):
    widget = DateOfBirthWidget

    def clean(self, value) -> datetime.date:
        parts = list(value) if isinstance(value, list | tuple) else []
        parts = [(str(part) if part is not None else "").strip() for part in parts]
        day, month, year = ([*parts, "", "", ""])[:3]
        if not (day or month or year):
            raise forms.ValidationError(_("Enter your date of birth"), code="required")
        missing = {
            "day": _("Date of birth must include a day"),
            "month": _("Date of birth must include a month"),
            "year": _("Date of birth must include a year"),
        }
        for name, part in (("day", day), ("month", month), ("year", year)):
            if not part:
                raise forms.ValidationError(missing[name], code="incomplete")
        if not all(part.isascii() and part.isdigit() for part in (day, month, year)):
            raise forms.ValidationError(_("Date of birth must be a real date"), code="invalid")
        if len(year) != 4:
            raise forms.ValidationError(_("Year must include 4 numbers"), code="invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise forms.ValidationError(
                _("Date of birth must be a real date"), code="invalid"
            ) from None


def age_on(born: datetime.date, today: datetime.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class PlainTextAreaField(PlainTextField):
    def __init__(self, **kwargs):
        super().__init__(multiline=True, **kwargs)


def patient_formfield(db_field, **kwargs) -> forms.Field | None:
    """
    The form field for a model field: free text is plain text (PlainTextField), and a
    choice is a set of radio buttons without the empty choice (leaving them all unticked
    is how a patient answers an optional one).
    """
    is_text = isinstance(db_field, models.CharField | models.TextField) and not isinstance(
        db_field, models.EmailField
    )
    if is_text and not db_field.choices:
        kwargs.setdefault(
            "form_class",
            PlainTextAreaField if isinstance(db_field, models.TextField) else PlainTextField,
        )
    field = db_field.formfield(**kwargs)
    if db_field.choices and isinstance(field, forms.ChoiceField):
        field.choices = list(db_field.flatchoices)
        field.widget = forms.RadioSelect(choices=field.choices, attrs={"class": "form-check-input"})
    return field


def choose(message: StrPromise) -> dict[str, StrPromise]:
    return {"required": message, "invalid_choice": message}


class AppointmentRequestForm(forms.ModelForm):
    """
    The model declares each field (type, length, choices, whether it is optional); this
    form adds only what the patient reads: labels, hints, messages and input hints.
    """

    # Typed in any US format, stored as E.164 (clean_phone), so longer than the model's.
    phone = PlainTextField(
        label=_("Phone number"),
        max_length=30,
        help_text=_("A US number we can call, for example (570) 555-0123"),
        error_messages={"required": _("Enter your phone number")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    # A yes/no question rather than a tick box: "no" is an answer, too.
    needs_interpreter = forms.TypedChoiceField(
        label=_("Do you need an interpreter?"),
        required=False,
        choices=[("no", _("No")), ("yes", _("Yes"))],
        coerce=lambda answer: answer == "yes",
        empty_value=False,  # type: ignore[arg-type]  # the stubs expect text
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": _("Select if you need an interpreter")},
    )
    acknowledgement = forms.BooleanField(
        label=_("I understand"),
        error_messages={
            "required": _(
                "Tick the box to confirm you understand this is a request, not an appointment"
            )
        },
    )
    # A trap for programs that fill in every field; hidden from people by CSS.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    form_token = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = AppointmentRequest
        fields = AppointmentRequest.typed_by_patient()
        formfield_callback = patient_formfield
        field_classes = {
            "date_of_birth": DateOfBirthField,
            # Checked against its own pattern (clean_zip_code), with its own message.
            "zip_code": forms.CharField,
        }
        labels = {
            "full_name": _("Full name"),
            "date_of_birth": _("Date of birth"),
            "contact_method": _("How should we contact you?"),
            "consent_to_texts": _("You may send me text messages about my request"),
            "consent_to_voicemail": _("You may leave a voicemail about my request"),
            "email": _("Email address"),
            "patient_type": _("Are you a new or existing patient?"),
            "reason": _("What would you like help with?"),
            "referring_clinician": _("Referring clinician"),
            "payment": _("How do you expect to pay?"),
            "insurer_name": _("Insurance company"),
            "preferred_times": _("Preferred days and times"),
            "interpreter_language": _("Language for the interpreter"),
            "zip_code": _("ZIP code"),
            "notes": _("Anything else we should know?"),
        }
        help_texts = {
            "date_of_birth": _("For example, 27 3 1980"),
            "consent_to_texts": _(
                "Needed if you chose text message. Messages will not include health details."
            ),
            "consent_to_voicemail": _("We will only say our name and ask you to call back."),
            "email": _(
                "Needed if you chose email. We will also send your reference number and, once "
                "booked, your appointment details here."
            ),
            "referring_clinician": _(
                "The doctor or other clinician who suggested you contact us, if any."
            ),
            "insurer_name": _(
                "If you chose insurance. The company name only: please do not enter your member ID."
            ),
            "preferred_times": _("For example, weekday mornings or Tuesday after 2 pm."),
            "interpreter_language": _("If you need an interpreter."),
            "notes": _(
                "Up to 500 characters. Please do not include your medical history, "
                "Social Security number or insurance member ID. We will ask what we need "
                "when we call."
            ),
        }
        error_messages = {
            "full_name": {"required": _("Enter your full name")},
            "contact_method": choose(_("Select how you would like us to contact you")),
            "email": {
                "invalid": _("Enter an email address in the correct format, like name@example.com"),
                "max_length": _("Email address must be 254 characters or fewer"),
            },
            "patient_type": choose(_("Select if you are a new or existing patient")),
            "reason": choose(_("Select what you would like help with")),
            "payment": {"invalid_choice": _("Select how you expect to pay")},
            "zip_code": {"max_length": _("Enter a ZIP code like 18301 or 18301-1234")},
        }
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "zip_code": forms.TextInput(
                attrs={"autocomplete": "postal-code", "inputmode": "numeric"}
            ),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["acknowledgement"].label = format_html(
            gettext(
                "I understand this is a request, not a booked appointment, and that this form "
                'is not for emergencies. I have read the <a href="{}">privacy notice</a>.'
            ),
            privacy_notice_url(),
        )
        # The token of the page the patient was shown, if it reads as one we issued.
        self.page_token: FormToken | None = None
        if self.is_bound:
            self.page_token = read_form_token(str(self.data.get("form_token", "")))
            if self.page_token is None:
                # Replace a missing or forged token so that sending the page again works.
                # It is backdated so that a person resending at once is not taken for a bot.
                self.data = cast(QueryDict, self.data).copy()  # a QueryDict or a dict
                self.data["form_token"] = issue_form_token(
                    shown_at=time.time() - settings.APPOINTMENT_MIN_FILL_SECONDS
                )

        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.field_template = "appointments/crispy/field.html"
        # The page shows the fields in the order of the form; the trap field is kept apart.
        self.helper.layout = Layout(
            *(
                Field(name, wrapper_class="form-extra-field") if name == "website" else name
                for name in self.fields
            )
        )

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"]
        message = _("Enter a US phone number, like (570) 555-0123")
        # Letters are refused rather than read as a keypad word (1-800-FLOWERS).
        if not PHONE_CHARACTERS.match(value):
            raise forms.ValidationError(message, code="invalid")
        try:
            number = phonenumbers.parse(value, "US")
        except phonenumbers.NumberParseException:
            raise forms.ValidationError(message, code="invalid") from None
        if not phonenumbers.is_valid_number_for_region(number, "US"):
            raise forms.ValidationError(message, code="invalid")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def clean_email(self) -> str:
        value = self.cleaned_data["email"]
        # Non-ASCII addresses are where look-alike letters hide; clinic mail is plain ASCII.
        if value and not value.isascii():
            raise forms.ValidationError(
                _("Enter an email address using only English letters, numbers and symbols"),
                code="invalid",
            )
        return value.lower() if value else value

    def clean_zip_code(self) -> str:
        value = self.cleaned_data["zip_code"]
        if value and not ZIP_CODE.match(value):
            raise forms.ValidationError(
                _("Enter a ZIP code like 18301 or 18301-1234"), code="invalid"
            )
        return value

    def clean_date_of_birth(self) -> datetime.date:
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born >= today:
            raise forms.ValidationError(_("Date of birth must be in the past"), code="future")
        age = age_on(born, today)
        if age >= OLDEST_AGE:
            raise forms.ValidationError(
                _("Date of birth must be less than %(age)s years ago. Check the year."),
                code="too_old",
                params={"age": OLDEST_AGE},
            )
        if age < YOUNGEST_AGE:
            phone = get_clinic_profile().phone_display
            raise forms.ValidationError(
                _(
                    "You must be %(age)s or older to use this form. To ask about care for "
                    "someone under %(age)s, please call us on %(phone)s."
                ),
                code="too_young",
                params={"age": YOUNGEST_AGE, "phone": phone},
            )
        return born

    def _post_clean(self) -> None:
        # ModelForm's own version also checks each of the model's CheckConstraints, with a
        # query apiece: nine round trips on every post, which halved the form's throughput
        # in `make bench`. The clean methods here give the patient a message of their own
        # for every rule those constraints hold over what the patient sends, and the
        # database still refuses a row that breaks any of them; the constraints on what the
        # service adds (consent times, status, language) cannot be checked before it adds them.
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields)
            self.instance.full_clean(
                exclude=self._get_validation_exclusions(),  # type: ignore[attr-defined]
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            self._update_errors(error)  # type: ignore[attr-defined]

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        method = data.get("contact_method")
        if (
            method == AppointmentRequest.ContactMethod.EMAIL
            and not data.get("email")
            and "email" not in self.errors
        ):
            self.add_error(
                "email", _("Enter your email address, or choose another way to be contacted")
            )
        if method == AppointmentRequest.ContactMethod.TEXT and not data.get("consent_to_texts"):
            self.add_error(
                "consent_to_texts",
                _("Tick the box to agree to text messages, or choose another way to be contacted"),
            )
        if data.get("needs_interpreter"):
            if not data.get("interpreter_language") and "interpreter_language" not in self.errors:
                self.add_error("interpreter_language", _("Enter the language you need"))
        else:
            data["interpreter_language"] = ""
        if data.get("payment") != AppointmentRequest.Payment.INSURANCE:
            data["insurer_name"] = ""
        if self.page_token is None and not self.errors:
            raise forms.ValidationError(
                _(
                    "Sorry, we could not check this form. Please check your answers and send it again."
                ),
                code="form_token",
            )
        return data

    def looks_automated(self) -> bool:
        """True for posts that fill the hidden trap field or come faster than a person types."""
        if self.data.get("website"):
            return True
        if self.page_token is None:
            return False
        return time.time() - self.page_token.shown_at < settings.APPOINTMENT_MIN_FILL_SECONDS

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) pairs for the error summary, in the order of the page."""
        entries = [("", str(message)) for message in self.non_field_errors()]
        for name, field in self.fields.items():
            if name not in self.errors:
                continue
            bound = self[name]
            anchor = bound.auto_id
            if isinstance(field.widget, forms.RadioSelect | forms.MultiWidget):
                anchor = f"{anchor}_0"
            entries.extend((anchor, str(message)) for message in self.errors[name])
        return entries


def privacy_notice_url() -> str:
    return reverse("content:page", args=["privacy"])
