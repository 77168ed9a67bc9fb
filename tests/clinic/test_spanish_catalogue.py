"""
The Spanish message catalogue is complete, the site uses it, and no English interface text
is left on a Spanish page: neither a string from the catalogue shown untranslated, nor
text that was never marked for translation (found as text identical in the English and
Spanish versions of a page). English that a Spanish page shows on purpose (a page not yet
translated, the references, the link to the English site) is marked lang="en" and allowed.
"""

import html as html_lib
import re
from html.parser import HTMLParser
from http import HTTPStatus
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

from appointments.models import REFERENCE_PREFIX, AppointmentRequest
from content.profile import get_clinic_profile
from tests.appointments.answers import valid_answers
from tests.content.conftest import SHIPPED_SLUGS, shipped_site  # noqa: F401
from tests.factories import AppointmentRequestFactory

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
PLACEHOLDER_OR_TAG = re.compile(r"%\(\w+\)s|\{\w*\}|<[^>]+>")
# Words the same in both languages, or names that are never translated.
SAME_IN_BOTH = {"Error:", "No", "(Google Maps)", "English", "Español"}


def catalogue() -> list[Message]:
    """Every entry, a plural one as its singular and its plural (Spanish forms 0 and 1)."""
    with CATALOGUE.open("rb") as file:
        messages = [message for message in read_po(file, locale="es") if message.id]
    entries = []
    for message in messages:
        if message.pluralizable:
            entries += [
                Message(id=english, string=spanish)
                for english, spanish in zip(message.id, message.string[:2], strict=True)
            ]
        else:
            entries.append(message)
    return entries


class VisibleText(HTMLParser):
    """Text a reader meets (including aria-label, alt and the meta description), except
    inside elements marked as another language or never shown (script, style)."""

    SKIPPED = {"script", "style"}
    VOID = {"meta", "link", "input", "br", "img", "hr", "source"}

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.open: list[tuple[str, bool]] = []
        self.pieces: list[str] = []

    def hidden(self) -> bool:
        return any(skip for _, skip in self.open)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skip = tag in self.SKIPPED or attributes.get("lang", self.language) != self.language
        if not skip and not self.hidden():
            for name in ("aria-label", "alt", "title", "placeholder"):
                if attributes.get(name):
                    self.pieces.append(attributes[name])
            if tag == "meta" and attributes.get("name") == "description":
                self.pieces.append(attributes.get("content", ""))
        if tag not in self.VOID:
            self.open.append((tag, skip))

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        if not self.hidden():
            self.pieces.append(data)


def visible_text(page: str, language: str) -> list[str]:
    parser = VisibleText(language)
    parser.feed(page)
    return [" ".join(piece.split()) for piece in parser.pieces if piece.strip()]


def untranslated_catalogue_strings(page: str) -> list[str]:
    """Catalogue strings (those Spanish says differently) that appear in English."""
    text = " ".join(visible_text(page, "es"))
    found = []
    for message in catalogue():
        if message.string == message.id:
            continue
        for fragment in PLACEHOLDER_OR_TAG.split(html_lib.unescape(message.id)):
            fragment = " ".join(fragment.split()).strip(" ,.:")
            # Short fragments ("Phone", "CRPS") also occur inside longer Spanish text.
            if len(fragment) >= 12 and fragment in text:
                found.append(fragment)
    return found


def text_in_both(english: str, spanish: str) -> set[str]:
    """Text shown the same on both versions of a page and not marked as English."""
    clinic = get_clinic_profile()
    allowed = SAME_IN_BOTH | {
        clinic.name,
        clinic.legal_name,
        clinic.phone_display,
        clinic.email,
        clinic.street_address,
        f"{clinic.locality}, {clinic.region} {clinic.postal_code}",
    }
    shared = set(visible_text(english, "en")) & set(visible_text(spanish, "es"))
    return {
        text
        for text in shared
        if re.search(r"[A-Za-z]{2}", text)
        and text not in allowed
        and not text.startswith(REFERENCE_PREFIX)
    }


def english_path(slug: str) -> str:
    return "/" if slug == "home" else f"/{slug}/"


PAGES = [english_path(slug) for slug in SHIPPED_SLUGS] + ["/request-appointment/"]


# --- The catalogue ----------------------------------------------------------------------


def test_every_catalogue_entry_has_a_spanish_translation_and_none_is_fuzzy():
    messages = catalogue()
    assert len(messages) > 150
    assert [m.id for m in messages if not m.string] == []
    assert [m.id for m in messages if m.fuzzy] == []


def test_translations_keep_every_placeholder_of_the_english():
    for message in catalogue():
        placeholders = sorted(re.findall(r"%\(\w+\)s|\{\w*\}", message.id))
        assert sorted(re.findall(r"%\(\w+\)s|\{\w*\}", message.string)) == placeholders, message.id


def test_the_site_runs_on_the_compiled_catalogue():
    # Fails if the build did not compile locale/es (make translations).
    with translation.override("es"):
        assert translation.gettext("Send request") == "Enviar solicitud"
        assert translation.gettext("There is a problem") == "Hay un problema"


# --- Spanish pages --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("shipped_site")
@pytest.mark.parametrize("path", PAGES)
def test_a_spanish_page_shows_no_english_interface_text(client, path):
    english = client.get(path).content.decode()
    spanish = client.get("/es" + path).content.decode()
    assert untranslated_catalogue_strings(spanish) == []
    assert text_in_both(english, spanish) == set()


@pytest.mark.django_db
@pytest.mark.usefixtures("shipped_site")
def test_the_spanish_form_with_every_kind_of_error_shows_no_english(client):
    answers = valid_answers(
        full_name="",
        phone="not a phone",
        email="not an email",
        contact_method="email",
        date_of_birth_day="31",
        date_of_birth_month="2",
        needs_interpreter="yes",
        interpreter_language="",
        zip_code="1",
        acknowledgement=None,
    )
    english = client.post("/request-appointment/", answers).content.decode()
    spanish = client.post("/es/request-appointment/", answers).content.decode()
    assert "Hay un problema" in spanish
    assert untranslated_catalogue_strings(spanish) == []
    assert text_in_both(english, spanish) == set()


@pytest.mark.django_db
@pytest.mark.usefixtures("shipped_site")
@pytest.mark.parametrize(
    "path",
    ["/request-appointment/confirmation/a-long-unguessable-token/", "/no-such-page/"],
)
def test_the_confirmation_and_not_found_pages_show_no_english(client, path):
    AppointmentRequestFactory(confirmation_token="a-long-unguessable-token")
    english = client.get(path).content.decode()
    spanish = client.get("/es" + path).content.decode()
    assert untranslated_catalogue_strings(spanish) == []
    assert text_in_both(english, spanish) == set()


@pytest.mark.django_db
@pytest.mark.usefixtures("shipped_site")
def test_the_spanish_busy_page_shows_no_english(client, settings):
    settings.APPOINTMENT_RATE_LIMIT = 0
    english = client.post("/request-appointment/", valid_answers())
    spanish = client.post("/es/request-appointment/", valid_answers())
    assert spanish.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert untranslated_catalogue_strings(spanish.content.decode()) == []
    assert text_in_both(english.content.decode(), spanish.content.decode()) == set()
    assert not AppointmentRequest.objects.exists()


# --- The checks themselves can fail ----------------------------------------------------


@pytest.mark.django_db
def test_the_checks_find_english_left_on_a_spanish_page():
    spanish = (
        '<html lang="es"><body><h1>Solicitar una cita</h1>'
        "<p>Please write down your reference number. Have it ready when you talk to us.</p>"
        '<p lang="en">Marked as English on purpose.</p>'
        "<p>Forgotten sentence with no translation.</p></body></html>"
    )
    english = (
        '<html lang="en"><body><h1>Request an appointment</h1>'
        "<p>Forgotten sentence with no translation.</p>"
        "<p>Marked as English on purpose.</p></body></html>"
    )
    assert untranslated_catalogue_strings(spanish) == [
        "Please write down your reference number. Have it ready when you talk to us"
    ]
    assert text_in_both(english, spanish) == {"Forgotten sentence with no translation."}
